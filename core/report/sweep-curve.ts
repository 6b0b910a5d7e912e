import type { SweepPoint } from "./report-input.ts";

/** One line of the throughput-vs-latency plot: achieved req/s and the p99 there (ms). */
export type SweepLine = { req_per_s: number[]; p99_ms: number[] };

/**
 * The sweep's throughput-vs-p99 lines, TTFT and E2E, one entry per point that measured it,
 * in the sweep's own order (by swept value): past saturation a higher target can achieve
 * less, and the line then bends back, which is what the plot is there to show.
 */
export function sweepCurve(points: readonly SweepPoint[]): { ttft: SweepLine; e2e: SweepLine } {
  const ordered = [...points].sort((a, b) => a.value - b.value);
  const line = (metric: "ttft" | "e2e"): SweepLine => {
    const req_per_s: number[] = [];
    const p99_ms: number[] = [];
    for (const point of ordered) {
      const stats = point.results?.latency_ms[metric];
      if (point.results === null || stats === null || stats === undefined) continue;
      req_per_s.push(point.results.throughput.requests_per_s);
      p99_ms.push(stats.p99);
    }
    return { req_per_s, p99_ms };
  };
  return { ttft: line("ttft"), e2e: line("e2e") };
}
