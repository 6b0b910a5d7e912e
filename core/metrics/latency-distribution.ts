import { inflateSync } from "node:zlib";
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  JsHistogram,
} from "hdr-histogram-js";
import type { LatencyDigest, LatencyStats } from "../schemas/results.ts";

/**
 * The histograms' precision, stated once. Values are recorded in whole microseconds (1 µs
 * resolution) with 3 significant decimal digits: HdrHistogram keeps 2048 sub-buckets per power
 * of two, so a bucket is at most 1/1024 of its value wide, and reporting its midpoint puts any
 * percentile within ±0.05 % (or ±1 µs) of the recorded value. Values under 2.048 ms are exact
 * to the microsecond. Count, sum, min and max are kept exactly beside the histogram.
 */
export const HISTOGRAM_PRECISION = {
  significantDigits: 3,
  resolutionMs: 0.001,
  relativeError: 0.0005,
} as const;

const US_PER_MS = 1000;
/** Larger values are kept at this (exact max still reported): above any timeout or run length. */
const HIGHEST_US = 8 * 86_400 * 1_000_000;
/** An encoded histogram of our range inflates to well under this; anything bigger is refused. */
const MAX_INFLATED_BYTES = 2 * 1024 * 1024;
const COMPRESSED_V2_COOKIE = 0x1c849304;

const newHistogram = (): JsHistogram => {
  const histogram = build({
    // 64-bit counts: a merged ITL histogram of a long run can pass 2^31 values in one bucket.
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: HISTOGRAM_PRECISION.significantDigits,
    autoResize: true,
  });
  if (!(histogram instanceof JsHistogram)) throw new Error("expected the pure-JS HdrHistogram");
  return histogram;
};

export type DecodeResult =
  | { ok: true; distribution: LatencyDistribution }
  | { ok: false; detail: string };

/**
 * A mergeable latency distribution in milliseconds: an HdrHistogram plus exact count, sum, min
 * and max. Merging distributions gives exactly the histogram one process would have recorded,
 * so percentiles of a group are those of every request, whichever agent measured it.
 *
 * @example
 * const d = LatencyDistribution.empty();
 * d.record(12.5);
 * d.stats(); // { mean: 12.5, min: 12.5, max: 12.5, p50: 12.5, ... }
 */
export class LatencyDistribution {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  private constructor(private readonly histogram: JsHistogram) {}

  static empty(): LatencyDistribution {
    return new LatencyDistribution(newHistogram());
  }

  /**
   * Rebuilds what an agent sent, refusing anything that is not one of our histograms: not V2
   * compressed, inflating past a bound, another precision, or a count that does not match.
   */
  static fromDigest(digest: LatencyDigest): DecodeResult {
    const bytes = Buffer.from(digest.histogram, "base64");
    if (bytes.length < 8 || (bytes.readInt32BE(0) & ~0xf0) !== COMPRESSED_V2_COOKIE) {
      return { ok: false, detail: "histogram is not an HdrHistogram V2 compressed encoding" };
    }
    const length = bytes.readInt32BE(4);
    try {
      inflateSync(bytes.subarray(8, 8 + length), { maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      return { ok: false, detail: "histogram does not inflate to a histogram of bounded size" };
    }
    let histogram: JsHistogram;
    try {
      const decoded = decodeFromCompressedBase64(digest.histogram, 64);
      if (!(decoded instanceof JsHistogram)) throw new Error("not a JS histogram");
      histogram = decoded;
    } catch (error) {
      return { ok: false, detail: `histogram could not be decoded: ${error}` };
    }
    if (histogram.numberOfSignificantValueDigits !== HISTOGRAM_PRECISION.significantDigits) {
      return {
        ok: false,
        detail: `histogram has ${histogram.numberOfSignificantValueDigits} significant digits, expected ${HISTOGRAM_PRECISION.significantDigits}`,
      };
    }
    if (histogram.totalCount !== digest.count) {
      return {
        ok: false,
        detail: `histogram holds ${histogram.totalCount} values but count is ${digest.count}`,
      };
    }
    const distribution = new LatencyDistribution(newHistogram());
    distribution.histogram.add(histogram);
    distribution.count = digest.count;
    distribution.sum = digest.sum;
    distribution.min = digest.min;
    distribution.max = digest.max;
    return { ok: true, distribution };
  }

  /** Records one value in ms; a negative one (a timer firing a hair early) counts as 0. */
  record(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const value = Math.max(ms, 0);
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.histogram.recordValue(Math.min(Math.round(value * US_PER_MS), HIGHEST_US));
  }

  /** Adds every value of `other` to this distribution. */
  merge(other: LatencyDistribution): void {
    if (other.count === 0) return;
    this.histogram.add(other.histogram);
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** What an agent uploads; null when nothing was recorded. */
  toDigest(): LatencyDigest | null {
    if (this.count === 0) return null;
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      histogram: encodeIntoCompressedBase64(this.histogram),
    };
  }

  /**
   * Percentiles with linear interpolation between closest ranks (numpy's default, as vLLM
   * reports them), each rank's value being its bucket's midpoint clamped to the exact extremes
   * (and the first and last ranks being the exact min and max).
   */
  percentiles(ps: readonly number[]): number[] {
    if (this.count === 0) return ps.map(() => Number.NaN);
    const ranks = ps.map((p) => (Math.min(Math.max(p, 0), 100) / 100) * (this.count - 1));
    const wanted = [...new Set(ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]))].sort(
      (a, b) => a - b,
    );
    const valueAt = new Map<number, number>();
    let next = 0;
    this.forEachBucket((fromRank, toRank, valueMs) => {
      while (next < wanted.length && (wanted[next] as number) < toRank) {
        if ((wanted[next] as number) >= fromRank) valueAt.set(wanted[next] as number, valueMs);
        next += 1;
      }
      return next < wanted.length;
    });
    // The lowest and highest ranks are the exact extremes, not their buckets' midpoints.
    valueAt.set(0, this.min);
    valueAt.set(this.count - 1, this.max);
    return ranks.map((rank) => {
      const lo = valueAt.get(Math.floor(rank)) ?? this.max;
      const hi = valueAt.get(Math.ceil(rank)) ?? this.max;
      return lo + (hi - lo) * (rank - Math.floor(rank));
    });
  }

  /** Mean (exact), population std (from bucket midpoints), extremes and the reported percentiles. */
  stats(): LatencyStats | null {
    if (this.count === 0) return null;
    const mean = this.sum / this.count;
    let squares = 0;
    this.forEachBucket((fromRank, toRank, valueMs) => {
      squares += (toRank - fromRank) * (valueMs - mean) ** 2;
      return true;
    });
    const [p50, p90, p95, p99, p999] = this.percentiles([50, 90, 95, 99, 99.9]) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return {
      mean,
      std: Math.sqrt(squares / this.count),
      min: this.min,
      max: this.max,
      p50,
      p90,
      p95,
      p99,
      p999,
    };
  }

  /** Walks the non-empty buckets in order: the ranks [from, to) they hold and their value in ms. */
  private forEachBucket(visit: (fromRank: number, toRank: number, valueMs: number) => boolean) {
    const h = this.histogram;
    const last = h.countsArrayIndex(h.maxValue);
    let rank = 0;
    for (let i = 0; i <= last && i < h.countsArrayLength; i += 1) {
      const n = h.getCountAtIndex(i);
      if (n === 0) continue;
      const low = h.valueFromIndex(i);
      const middleUs = (low + h.highestEquivalentValue(low)) / 2;
      const valueMs = Math.min(Math.max(middleUs / US_PER_MS, this.min), this.max);
      if (!visit(rank, rank + n, valueMs)) return;
      rank += n;
    }
  }
}
