import { describe, expect, test } from "bun:test";
import { percentile, summarize } from "../../../core/metrics/latency-stats.ts";

describe("latency statistics", () => {
  test("percentiles interpolate linearly between ranks, like numpy", () => {
    const sorted = [1, 2, 3, 4];
    expect(percentile(sorted, 50)).toBe(2.5);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(4);
    expect(percentile(sorted, 90)).toBeCloseTo(3.7);
  });

  test("a summary has mean, population std, extremes and the reported percentiles", () => {
    const stats = summarize([4, 2, 8, 6]);
    expect(stats).toMatchObject({ mean: 5, min: 2, max: 8, p50: 5 });
    expect(stats?.std).toBeCloseTo(Math.sqrt(5));
    expect(stats?.p99).toBeCloseTo(7.94);
  });

  test("an empty sample has no summary", () => {
    expect(summarize([])).toBeNull();
  });
});
