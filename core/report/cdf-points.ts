import type { LatencyStats } from "../schemas/results.ts";

/** A cumulative distribution: latencies (ms, ascending) and the share of requests at or below (%). */
export type CdfPoints = { ms: number[]; percent: number[] };

/**
 * The empirical CDF of a sample: point i is the (i+1)-th smallest value at (i+1)/n. A sample
 * larger than `maxPoints` is thinned to evenly spaced ranks (the last always kept), which a
 * chart cannot tell apart from the full set and which keeps a million-request report small.
 */
export function cdfFromSamples(samples: readonly number[], maxPoints = 1000): CdfPoints {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const count = Math.min(n, maxPoints);
  const ms: number[] = [];
  const percent: number[] = [];
  for (let k = 1; k <= count; k++) {
    const rank = Math.round((k * n) / count);
    ms.push(sorted[rank - 1] as number);
    percent.push((rank / n) * 100);
  }
  return { ms, percent };
}

/** Percentiles a LatencyStats row carries, as CDF points (min at 0 %, max at 100 %). */
const STATS_POINTS = [
  ["min", 0],
  ["p50", 50],
  ["p90", 90],
  ["p95", 95],
  ["p99", 99],
  ["p999", 99.9],
  ["max", 100],
] as const;

/**
 * A CDF approximated from the percentile table alone, for a run that kept no per-request
 * records: min, p50, p90, p95, p99, p99.9 and max joined by straight lines.
 */
export function cdfFromStats(stats: LatencyStats): CdfPoints {
  return {
    ms: STATS_POINTS.map(([key]) => stats[key]),
    percent: STATS_POINTS.map(([, p]) => p),
  };
}
