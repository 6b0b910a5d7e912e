import { describe, expect, test } from "bun:test";
import { cdfFromSamples, cdfFromStats } from "../../../core/report/cdf-points.ts";

describe("CDF points", () => {
  test("each sorted sample is a step of 1/n", () => {
    expect(cdfFromSamples([30, 10, 20, 40])).toEqual({
      ms: [10, 20, 30, 40],
      percent: [25, 50, 75, 100],
    });
  });

  test("a large sample is thinned to evenly spaced ranks, the maximum kept", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const cdf = cdfFromSamples(samples, 4);
    expect(cdf.ms).toEqual([250, 500, 750, 1000]);
    expect(cdf.percent).toEqual([25, 50, 75, 100]);
  });

  test("uneven thinning rounds to the nearest rank", () => {
    expect(cdfFromSamples([1, 2, 3, 4, 5, 6, 7], 3)).toEqual({
      ms: [2, 5, 7],
      percent: [(2 / 7) * 100, (5 / 7) * 100, 100],
    });
  });

  test("no samples, no points", () => {
    expect(cdfFromSamples([])).toEqual({ ms: [], percent: [] });
  });

  test("the percentile table gives min at 0 %, the percentiles and max at 100 %", () => {
    const stats = { mean: 9, std: 1, min: 1, max: 90, p50: 5, p90: 9, p95: 12, p99: 40, p999: 80 };
    expect(cdfFromStats(stats)).toEqual({
      ms: [1, 5, 9, 12, 40, 80, 90],
      percent: [0, 50, 90, 95, 99, 99.9, 100],
    });
  });
});
