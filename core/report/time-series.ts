import { percentile } from "../metrics/latency-stats.ts";
import type { RequestRecordLine } from "../schemas/results.ts";

/**
 * A run's records as time series over fixed buckets (1 s unless the run is so long that would
 * exceed `maxBuckets`). `t` is each bucket's start in seconds from the first send. Latencies
 * are of the successful requests that started in the bucket (null where none did); completions,
 * output tokens and errors count where requests ended (sent_at + e2e_ms), per second.
 */
export type RunSeries = {
  bucket_s: number;
  start_ms: number;
  t: number[];
  ttft_p50: (number | null)[];
  ttft_p99: (number | null)[];
  e2e_p50: (number | null)[];
  e2e_p99: (number | null)[];
  completed_per_s: number[];
  output_tokens_per_s: number[];
  errors_per_s: Record<string, number[]>;
};

/** The bucket width, in whole seconds, that keeps a run of `spanS` seconds within `maxBuckets`. */
export function bucketWidthS(spanS: number, maxBuckets: number): number {
  return Math.max(1, Math.ceil(spanS / maxBuckets));
}

/**
 * Builds the time series of a run from its per-request records (warm-up included: the chart
 * shows the whole run as the server saw it); null when there are none.
 */
export function buildRunSeries(
  records: readonly RequestRecordLine[],
  maxBuckets = 3600,
): RunSeries | null {
  if (records.length === 0) return null;
  // A loop, not Math.min(...): a million arguments would overflow the stack.
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    start = Math.min(start, r.sent_at);
    end = Math.max(end, r.sent_at + r.e2e_ms);
  }
  const width = bucketWidthS((end - start) / 1000, maxBuckets);
  const count = Math.floor((end - start) / (width * 1000)) + 1;
  const bucketOf = (at: number) => Math.min(Math.floor((at - start) / (width * 1000)), count - 1);
  const zeros = () => new Array<number>(count).fill(0);

  const ttft = Array.from({ length: count }, () => [] as number[]);
  const e2e = Array.from({ length: count }, () => [] as number[]);
  const completed = zeros();
  const tokens = zeros();
  const errors: Record<string, number[]> = {};
  for (const r of records) {
    const ended = bucketOf(r.sent_at + r.e2e_ms);
    if (r.ok) {
      const started = bucketOf(r.sent_at);
      if (r.ttft_ms !== null) ttft[started]?.push(r.ttft_ms);
      e2e[started]?.push(r.e2e_ms);
      completed[ended] = (completed[ended] ?? 0) + 1;
      tokens[ended] = (tokens[ended] ?? 0) + r.output_tokens;
    } else {
      const kind = r.error ?? "unknown";
      errors[kind] ??= zeros();
      errors[kind][ended] = (errors[kind][ended] ?? 0) + 1;
    }
  }
  const quantile = (buckets: number[][], p: number) =>
    buckets.map((values) =>
      values.length === 0
        ? null
        : percentile(
            [...values].sort((a, b) => a - b),
            p,
          ),
    );
  const perSecond = (counts: number[]) => counts.map((n) => n / width);
  return {
    bucket_s: width,
    start_ms: start,
    t: Array.from({ length: count }, (_, i) => i * width),
    ttft_p50: quantile(ttft, 50),
    ttft_p99: quantile(ttft, 99),
    e2e_p50: quantile(e2e, 50),
    e2e_p99: quantile(e2e, 99),
    completed_per_s: perSecond(completed),
    output_tokens_per_s: perSecond(tokens),
    errors_per_s: Object.fromEntries(
      Object.entries(errors)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, counts]) => [kind, perSecond(counts)]),
    ),
  };
}

/**
 * Stacks series for a stacked bar chart: row k is the sum of rows 0..k, so drawing the rows
 * from the last (the total) to the first paints each class as its own band.
 */
export function stackSeries(rows: readonly (readonly number[])[]): number[][] {
  const stacked: number[][] = [];
  for (const row of rows) {
    const below = stacked[stacked.length - 1];
    stacked.push(row.map((v, i) => v + (below?.[i] ?? 0)));
  }
  return stacked;
}
