import { describe, expect, test } from "bun:test";
import type { SweepPoint } from "../../../core/report/report-input.ts";
import { sweepCurve } from "../../../core/report/sweep-curve.ts";
import { fixtureSweepReport } from "./report-fixtures.ts";

describe("sweep curve", () => {
  test("points with results, in swept order, at the rate they achieved", () => {
    const { points } = fixtureSweepReport();
    const shuffled: SweepPoint[] = [
      points[3],
      points[0],
      points[5],
      points[4],
      points[1],
      points[2],
    ].filter((p): p is SweepPoint => p !== undefined);
    const curve = sweepCurve(shuffled);
    // The saturated last point achieved less than the one before: the line bends back.
    expect(curve.ttft.req_per_s).toEqual([9.9, 19.8, 39.1, 71.5, 68.2]);
    expect(curve.ttft.p99_ms).toEqual([60, 70, 95, 240, 1900]);
    expect(curve.e2e.p99_ms).toEqual([420, 450, 520, 900, 3400]);
  });

  test("a point without a latency leaves that line only", () => {
    const [first] = fixtureSweepReport().points;
    if (!first?.results) throw new Error("fixture point without results");
    const noTtft = {
      ...first,
      results: { ...first.results, latency_ms: { ...first.results.latency_ms, ttft: null } },
    };
    const curve = sweepCurve([noTtft]);
    expect(curve.ttft).toEqual({ req_per_s: [], p99_ms: [] });
    expect(curve.e2e).toEqual({ req_per_s: [9.9], p99_ms: [420] });
  });
});
