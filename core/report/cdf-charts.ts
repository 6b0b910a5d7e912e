import type { GroupResults, RequestRecordLine } from "../schemas/results.ts";
import { cdfFromSamples, cdfFromStats } from "./cdf-points.ts";
import { type ChartSpec, COLORS, type ReportPart } from "./chart-spec.ts";
import { escapeHtml } from "./html-escape.ts";
import { chartFigure } from "./html-page.ts";

const METRICS = [
  { key: "ttft", name: "TTFT", color: COLORS.ttft },
  { key: "e2e", name: "E2E latency", color: COLORS.e2e },
] as const;

/**
 * The TTFT and E2E CDFs: from the records (successful, measured requests) when the run kept
 * them, else approximated from the results' percentile table and labelled as such.
 */
export function cdfCharts(
  results: GroupResults,
  records: readonly RequestRecordLine[] | null,
): ReportPart {
  const measured = records?.filter((r) => r.ok && !r.warmup) ?? null;
  const html: string[] = [];
  const charts: ChartSpec[] = [];
  for (const metric of METRICS) {
    const id = `cdf-${metric.key}`;
    const caption = `${metric.name} CDF`;
    let points: { ms: number[]; percent: number[] } | null = null;
    let note: string;
    if (measured !== null) {
      const samples = measured.flatMap((r) =>
        metric.key === "ttft" ? (r.ttft_ms === null ? [] : [r.ttft_ms]) : [r.e2e_ms],
      );
      if (samples.length > 0) points = cdfFromSamples(samples);
      note = `${samples.length} successful measured requests (warm-up excluded).`;
    } else {
      const stats = results.latency_ms[metric.key];
      if (stats !== null) points = cdfFromStats(stats);
      note =
        "Approximated from the percentile table (min, p50, p90, p95, p99, p99.9, max): the run kept no per-request records.";
    }
    if (points === null) {
      html.push(
        `<h3>${escapeHtml(caption)}</h3><p class="note">No successful request: nothing to plot.</p>`,
      );
      continue;
    }
    html.push(chartFigure(id, caption, note));
    charts.push({
      id,
      kind: "lines",
      points: measured === null,
      x_label: `${metric.name} (ms)`,
      y_label: "requests at or below (%)",
      y_max: 100,
      x: points.ms,
      series: [{ label: "requests (%)", color: metric.color, values: points.percent }],
    });
  }
  return { html: html.join("\n"), charts };
}
