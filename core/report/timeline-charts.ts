import type { RequestRecordLine } from "../schemas/results.ts";
import {
  type ChartSpec,
  COLORS,
  ERROR_COLORS,
  OTHER_ERROR_COLOR,
  type ReportPart,
} from "./chart-spec.ts";
import { escapeHtml } from "./html-escape.ts";
import { chartFigure } from "./html-page.ts";
import { buildRunSeries, stackSeries } from "./time-series.ts";

/** What the page says where time series would be, for a run that kept no records. */
export const NO_RECORDS_NOTE =
  "The time series need the run's per-request records, and this run kept none. Run with load.records: true (the CLI's --html and --csv ask for them).";

/**
 * Latency, throughput and errors over time, in buckets of the run's records (warm-up included,
 * from the first send); a note in their place when the run kept no records.
 */
export function timelineCharts(
  records: readonly RequestRecordLine[] | null,
  warmupS: number,
): ReportPart {
  if (records === null)
    return { html: `<p class="note">${escapeHtml(NO_RECORDS_NOTE)}</p>`, charts: [] };
  const series = buildRunSeries(records);
  if (series === null) {
    return {
      html: `<p class="note">The run kept records but has none: no request was sent.</p>`,
      charts: [],
    };
  }
  const bucket = series.bucket_s === 1 ? "1 s" : `${series.bucket_s} s`;
  const x_label = "time since the first request (s)";
  const warmup = warmupS > 0 ? ` The first ${warmupS} s are warm-up.` : "";
  const charts: ChartSpec[] = [
    {
      id: "latency-over-time",
      kind: "lines",
      x_label,
      y_label: "latency (ms)",
      x: series.t,
      series: [
        { label: "TTFT p50", color: COLORS.p50, values: series.ttft_p50 },
        { label: "TTFT p99", color: "#6baed6", values: series.ttft_p99 },
        { label: "E2E p50", color: COLORS.e2e, values: series.e2e_p50 },
        { label: "E2E p99", color: COLORS.p99, values: series.e2e_p99 },
      ],
    },
    {
      id: "throughput-over-time",
      kind: "lines",
      x_label,
      y_label: "requests/s",
      y2_label: "output tokens/s",
      x: series.t,
      series: [
        { label: "completed requests/s", color: COLORS.requests, values: series.completed_per_s },
        {
          label: "output tokens/s",
          color: COLORS.tokens,
          values: series.output_tokens_per_s,
          right: true,
        },
      ],
    },
  ];
  const html = [
    chartFigure(
      "latency-over-time",
      "Latency over time",
      `p50 and p99 of the successful requests that started in each ${bucket} bucket.${warmup}`,
    ),
    chartFigure(
      "throughput-over-time",
      "Throughput over time",
      `Successful requests and their output tokens per second, counted in the ${bucket} bucket where each ended.${warmup}`,
    ),
  ];
  const classes = Object.keys(series.errors_per_s);
  if (classes.length === 0) {
    html.push('<h3>Errors over time</h3><p class="note">No request failed.</p>');
  } else {
    const raw = classes.map((kind) => series.errors_per_s[kind] ?? []);
    const stacked = stackSeries(raw);
    // Painted from the top of the stack down, so every class keeps its own band.
    const order = classes.map((_, i) => classes.length - 1 - i);
    charts.push({
      id: "errors-over-time",
      kind: "bars",
      x_label,
      y_label: "errors per second",
      x: series.t,
      series: order.map((i) => ({
        label: classes[i] as string,
        color: ERROR_COLORS[classes[i] as string] ?? OTHER_ERROR_COLOR,
        values: stacked[i] as number[],
        shown: raw[i] as number[],
      })),
    });
    html.push(
      chartFigure(
        "errors-over-time",
        "Errors over time",
        `Failed requests per second by error class, stacked, counted in the ${bucket} bucket where each ended.`,
      ),
    );
  }
  return { html: html.join("\n"), charts };
}
