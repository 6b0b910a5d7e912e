import type { GroupResults } from "../../../core/schemas/results.ts";

const stats = (mean: number, p50: number, p99: number) => ({
  mean,
  std: 1,
  min: p50 / 2,
  max: p99 * 1.1,
  p50,
  p90: (p50 + p99) / 2,
  p95: (p50 + p99) / 2,
  p99,
  p999: p99,
});

/** Results with round, known numbers; `overrides` changes what a test is about. */
export function fixedResults(overrides: Partial<GroupResults> = {}): GroupResults {
  return {
    benchmark_id: 7,
    state: "completed",
    started_at: 1_700_000_000,
    finished_at: 1_700_000_010,
    duration_s: 10,
    partial: false,
    requests: { completed: 95, failed: 5, warmup: 3 },
    errors: { http_5xx: 4, timeout: 1, http_429: 0 },
    throughput: {
      requests_per_s: 9.5,
      output_tokens_per_s: 950,
      total_tokens_per_s: 1045,
      goodput_per_s: 9,
    },
    latency_ms: {
      ttft: stats(120.456, 110, 300.5),
      tpot: stats(12, 11.5, 20),
      itl: stats(12.25, 11, 30),
      e2e: stats(1320, 1300, 2100.125),
      ttft_from_intended: null,
      e2e_from_intended: null,
      schedule_lag: null,
    },
    schedule: null,
    tokens: { input: 950, output: 9500, source: "usage" },
    agents: [{ agent_id: "7-0", address: "http://10.0.0.1:9000", requests: 100, errors: 5 }],
    ...overrides,
  };
}
