import { describe, expect, test } from "bun:test";
import { contextOfSpec, formatSummary } from "../../../handlers/cli/summary-table.ts";
import { fixedResults } from "./fixed-results.ts";

describe("the summary table", () => {
  test("is laid out like vLLM's bench serve, then our own lines", () => {
    const text = formatSummary(fixedResults(), { concurrency: 16 });
    expect(text).toBe(
      [
        "============ Serving Benchmark Result ============",
        "Successful requests:                     95",
        "Failed requests:                         5",
        "Maximum request concurrency:             16",
        "Benchmark duration (s):                  10.00",
        "Total input tokens:                      950",
        "Total generated tokens:                  9500",
        "Request throughput (req/s):              9.50",
        "Output token throughput (tok/s):         950.00",
        "Total Token throughput (tok/s):          1045.00",
        "---------------Time to First Token----------------",
        "Mean TTFT (ms):                          120.46",
        "Median TTFT (ms):                        110.00",
        "P99 TTFT (ms):                           300.50",
        "-----Time per Output Token (excl. 1st token)------",
        "Mean TPOT (ms):                          12.00",
        "Median TPOT (ms):                        11.50",
        "P99 TPOT (ms):                           20.00",
        "---------------Inter-token Latency----------------",
        "Mean ITL (ms):                           12.25",
        "Median ITL (ms):                         11.00",
        "P99 ITL (ms):                            30.00",
        "----------------End-to-end Latency----------------",
        "Mean E2EL (ms):                          1320.00",
        "Median E2EL (ms):                        1300.00",
        "P99 E2EL (ms):                           2100.13",
        "------------AI Factory Client Services------------",
        "Warm-up requests (not measured):         3",
        "Failed requests (http_5xx):              4",
        "Failed requests (timeout):               1",
        "Token counts from:                       usage",
        "==================================================",
      ].join("\n"),
    );
  });

  test("an open loop shows its configured rate, goodput with an SLO, and the schedule", () => {
    const base = fixedResults().latency_ms;
    const results = fixedResults({
      schedule: {
        pattern: "poisson",
        target_rate_per_s: 10,
        achieved_rate_per_s: 9.87,
        sent: 98,
        late: 2,
        late_threshold_ms: 10,
        not_sent: 1,
        window_s: 10,
      },
      latency_ms: {
        ...base,
        schedule_lag: base.ttft && { ...base.ttft, mean: 0.5, p99: 4.25 },
      },
    });
    const spec = {
      num_clients: 4,
      nodes: 1,
      time_limit: 5,
      load: { pattern: "poisson", rate: 10 },
      slo: { ttft_ms: 500 },
    } as Parameters<typeof contextOfSpec>[0];
    const lines = formatSummary(results, contextOfSpec(spec)).split("\n");
    expect(lines).toContain("Request rate configured (RPS):           10.00");
    expect(lines).toContain("Request goodput (req/s):                 9.00");
    expect(lines).toContain("Achieved request rate (RPS):             9.87");
    expect(lines).toContain("Late requests (> 10 ms):                 2");
    expect(lines).toContain("Requests not sent (max in flight):       1");
    expect(lines).toContain("Mean schedule lag (ms):                  0.50");
    expect(lines).toContain("P99 schedule lag (ms):                   4.25");
    expect(lines.some((l) => l.startsWith("Maximum request concurrency"))).toBe(false);
  });

  test("a metric nobody measured says so instead of printing zeros", () => {
    const results = fixedResults({
      latency_ms: { ...fixedResults().latency_ms, tpot: null },
      partial: true,
    });
    const text = formatSummary(results);
    expect(text).toContain("Mean TPOT (ms):                          n/a (no successful request)");
    expect(text).toContain(
      "Partial results:                         yes (the run was stopped early)",
    );
  });
});
