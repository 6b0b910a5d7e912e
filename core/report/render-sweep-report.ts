import type { ChartSpec } from "./chart-spec.ts";
import { COLORS } from "./chart-spec.ts";
import { formatNumber, formatUnixTime } from "./format.ts";
import { chartFigure, htmlPage, section } from "./html-page.ts";
import { htmlTable } from "./html-table.ts";
import { loadReportAssets, type ReportAssets } from "./report-assets.ts";
import type { SweepReportInput } from "./report-input.ts";
import { loadSpecBlock } from "./run-environment.ts";
import { sweepCurve } from "./sweep-curve.ts";

/**
 * A sweep as a single self-contained HTML file: one table row per point (the rate or
 * concurrency it ran at, what it achieved, its latency percentiles, errors and note) and the
 * throughput-vs-p99-latency curve, with the sweep's base spec. Every string is escaped.
 *
 *   writeFileSync("sweep.html", renderSweepReport(SweepReportInput.parse(input)));
 */
export function renderSweepReport(
  input: SweepReportInput,
  assets: ReportAssets = loadReportAssets(),
): string {
  const unit = input.dimension === "rate" ? "rate (req/s)" : "concurrency (clients)";
  const rows = input.points.map((p) => {
    const r = p.results;
    return [
      formatNumber(p.value, input.dimension === "rate" ? 2 : 0),
      formatNumber(p.benchmark_id),
      formatNumber(r?.throughput.requests_per_s, 2),
      formatNumber(r?.throughput.output_tokens_per_s, 1),
      formatNumber(r?.latency_ms.ttft?.p50, 1),
      formatNumber(r?.latency_ms.ttft?.p99, 1),
      formatNumber(r?.latency_ms.e2e?.p99, 1),
      formatNumber(r?.requests.failed),
      p.note ?? "",
    ];
  });
  const table = htmlTable(
    [
      unit,
      "benchmark",
      "req/s",
      "output tok/s",
      "TTFT p50 (ms)",
      "TTFT p99 (ms)",
      "E2E p99 (ms)",
      "errors",
      "note",
    ],
    rows,
  );
  const curve = sweepCurve(input.points);
  const charts: ChartSpec[] = [];
  let plot = '<p class="note">No point has results: nothing to plot.</p>';
  if (curve.ttft.req_per_s.length + curve.e2e.req_per_s.length > 0) {
    plot = chartFigure(
      "sweep-curve",
      "Throughput vs p99 latency",
      "Each point is one step of the sweep (joined in the order of the swept value), placed at the request rate it achieved: where the line bends back, a higher target achieved less.",
    );
    charts.push({
      id: "sweep-curve",
      kind: "xy",
      points: true,
      x_label: "achieved requests/s",
      y_label: "p99 latency (ms)",
      x: [],
      series: [
        {
          label: "TTFT p99",
          color: COLORS.ttft,
          x: curve.ttft.req_per_s,
          values: curve.ttft.p99_ms,
        },
        { label: "E2E p99", color: COLORS.e2e, x: curve.e2e.req_per_s, values: curve.e2e.p99_ms },
      ],
    });
  }
  const subtitle = [
    `sweep over ${input.dimension}`,
    `${input.points.length} points`,
    `model ${input.spec.target?.model ?? "mock-model"}`,
    `client service ${input.service_url}`,
    `generated ${formatUnixTime(input.generated_at)}`,
  ].join(" · ");
  const body = [
    section("Points", table),
    section("Throughput vs latency", plot),
    section("Load spec (every point; the swept value replaced)", loadSpecBlock(input.spec)),
  ].join("\n");
  return htmlPage({ title: input.title, subtitle, body, charts }, assets);
}
