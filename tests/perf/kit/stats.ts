import { LatencyDistribution } from "../../../core/metrics/latency-distribution.ts";
import type { LatencyDigest } from "../../../core/schemas/results.ts";

/** Linear interpolation between closest ranks (numpy's default) over sorted values. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(rank)] as number;
  const hi = sorted[Math.ceil(rank)] as number;
  return lo + (hi - lo) * (rank - Math.floor(rank));
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** p1, p50, p99 and max of raw values. */
export function summary(values: readonly number[] | Float64Array) {
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length,
    p1: quantile(sorted, 1),
    p50: quantile(sorted, 50),
    p99: quantile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}
export type Summary = ReturnType<typeof summary>;

/** p1, p50, p99 and max of an agent's digest, as the service would report them. */
export function digestSummary(digest: LatencyDigest | null): Summary {
  if (digest === null) return summary([]);
  const decoded = LatencyDistribution.fromDigest(digest);
  if (!decoded.ok) throw new Error(`a digest did not decode: ${decoded.detail}`);
  const [p1, p50, p99] = decoded.distribution.percentiles([1, 50, 99]) as [number, number, number];
  return { n: digest.count, p1, p50, p99, max: digest.max };
}

/** The medians, field by field, of several runs' summaries. */
export function medianSummary(runs: readonly Summary[]): Summary {
  return {
    n: median(runs.map((r) => r.n)),
    p1: median(runs.map((r) => r.p1)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: median(runs.map((r) => r.max)),
  };
}

/**
 * The ticks of every `loop-lag <unix ms> [...]` window the probe printed in `text` that began
 * at or after `fromUnixMs` (e.g. the end of a run's warm-up), flattened.
 */
export function loopLagIn(text: string, fromUnixMs = 0): number[] {
  const values: number[] = [];
  for (const match of text.matchAll(/^loop-lag (\d+) (\[.*\])$/gm)) {
    if (Number(match[1]) < fromUnixMs) continue;
    values.push(...(JSON.parse(match[2] as string) as number[]));
  }
  return values;
}

export const fmt = (value: number, digits = 2) =>
  Number.isFinite(value) ? value.toFixed(digits) : "–";
