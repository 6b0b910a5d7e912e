import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { build, encodeIntoCompressedBase64 } from "hdr-histogram-js";
import { normalDraw, seededRandom } from "../../../core/loadgen/seeded-random.ts";
import {
  HISTOGRAM_PRECISION,
  LatencyDistribution,
} from "../../../core/metrics/latency-distribution.ts";
import { percentile } from "../../../core/metrics/latency-stats.ts";
import type { LatencyDigest } from "../../../core/schemas/results.ts";

const PS = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

/** Latency-like values: lognormal around 100 ms, from about 0.01 ms to 60 s. */
function latencies(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () =>
    Math.min(60_000, Math.max(0.01, Math.exp(Math.log(100) + 2 * normalDraw(random)))),
  );
}

function distributionOf(values: readonly number[]): LatencyDistribution {
  const d = LatencyDistribution.empty();
  for (const v of values) d.record(v);
  return d;
}

/** Through the wire, as an agent's report reaches the service. */
function roundTrip(d: LatencyDistribution): LatencyDistribution {
  const decoded = LatencyDistribution.fromDigest(d.toDigest() as LatencyDigest);
  if (!decoded.ok) throw new Error(decoded.detail);
  return decoded.distribution;
}

describe("LatencyDistribution", () => {
  test("values under 2.048 ms are exact to the microsecond: percentiles equal numpy's", () => {
    const values = [0.001, 0.25, 0.5, 0.75, 1, 1.2, 1.5, 2.0];
    const d = distributionOf(values);
    const sorted = [...values].sort((a, b) => a - b);
    const got = d.percentiles(PS);
    for (const [i, p] of PS.entries()) expect(got[i]).toBeCloseTo(percentile(sorted, p), 9);
    expect(d.stats()).toMatchObject({ min: 0.001, max: 2, mean: 7.201 / 8 });
  });

  test("every percentile of latency-like data is within the stated 0.05 %", () => {
    const values = latencies(20_000, 7);
    const sorted = [...values].sort((a, b) => a - b);
    const d = distributionOf(values);
    const ps = Array.from({ length: 999 }, (_, i) => (i + 1) / 10);
    const got = d.percentiles(ps);
    ps.forEach((p, i) => {
      const exact = percentile(sorted, p);
      const bound = exact * HISTOGRAM_PRECISION.relativeError + HISTOGRAM_PRECISION.resolutionMs;
      expect(Math.abs((got[i] as number) - exact)).toBeLessThanOrEqual(bound);
    });
  });

  test("mean, min, max and count are exact; std is within the precision", () => {
    const values = latencies(5000, 3);
    const stats = distributionOf(values).stats();
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(stats?.mean).toBeCloseTo(mean, 9);
    expect(stats?.min).toBe(Math.min(...values));
    expect(stats?.max).toBe(Math.max(...values));
    expect(Math.abs((stats?.std as number) - std) / std).toBeLessThan(
      HISTOGRAM_PRECISION.relativeError,
    );
  });

  test("merging any split of the values, through the wire, equals recording them in one process", () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const random = seededRandom(seed);
      const values = latencies(500 + Math.floor(random() * 3000), 1000 + seed);
      const parts = Array.from({ length: 1 + Math.floor(random() * 8) }, () => [] as number[]);
      for (const v of values) parts[Math.floor(random() * parts.length)]?.push(v);
      const merged = LatencyDistribution.empty();
      for (const part of parts) {
        const d = distributionOf(part);
        if (d.count > 0) merged.merge(roundTrip(d));
      }
      const whole = distributionOf(values);
      expect(merged.percentiles(PS)).toEqual(whole.percentiles(PS));
      expect(merged.count).toBe(whole.count);
      expect(merged.min).toBe(whole.min);
      expect(merged.max).toBe(whole.max);
      expect(merged.sum).toBeCloseTo(whole.sum, 6);
      expect(merged.stats()?.std).toBeCloseTo(whole.stats()?.std as number, 9);
    }
  });

  test("nothing recorded: no digest and no stats", () => {
    const d = LatencyDistribution.empty();
    expect(d.toDigest()).toBeNull();
    expect(d.stats()).toBeNull();
    d.record(Number.NaN);
    expect(d.count).toBe(0);
  });

  test("a negative value counts as zero", () => {
    const d = distributionOf([-3, 1]);
    expect(d.stats()).toMatchObject({ min: 0, max: 1, mean: 0.5 });
  });

  test("a digest that is not one of ours is refused with a reason", () => {
    const good = distributionOf([1, 2, 3]).toDigest() as LatencyDigest;
    const refused = (digest: LatencyDigest) => {
      const result = LatencyDistribution.fromDigest(digest);
      return result.ok ? "" : result.detail;
    };
    expect(refused({ ...good, histogram: "AAAAAAAAAAAA" })).toContain("not an HdrHistogram");
    expect(refused({ ...good, count: 4 })).toContain("holds 3 values but count is 4");
    const twoDigits = build({ numberOfSignificantValueDigits: 2 });
    twoDigits.recordValue(5);
    expect(
      refused({ ...good, count: 1, histogram: encodeIntoCompressedBase64(twoDigits) }),
    ).toContain("2 significant digits");
    // A deflate bomb: a valid header over 64 MiB of zeros.
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024));
    const header = Buffer.alloc(8);
    header.writeInt32BE(0x1c849314, 0);
    header.writeInt32BE(bomb.length, 4);
    const histogram = Buffer.concat([header, bomb]).toString("base64");
    expect(refused({ ...good, histogram })).toContain("bounded size");
  });
});
