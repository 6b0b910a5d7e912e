import { describe, expect, test } from "bun:test";
import { buildAgentReport, timePerOutputToken } from "../../../core/loadgen/agent-report.ts";
import { AgentReport } from "../../../core/schemas/results.ts";
import { fakeRecord } from "./fake-record.ts";

const context = {
  task_index: 2,
  run_id: "run-1",
  started_at: 1000,
  finished_at: 1010,
  partial: false,
  reason: null,
  slo: {},
};

// A: ttft 100, chunks at 100/150/250/300, e2e 300, 4 tokens → tpot (300-100)/3 = 66.67, itl 50/100/50
const a = fakeRecord({
  ttft_ms: 100,
  chunk_times_ms: [100, 150, 250, 300],
  e2e_ms: 300,
  output_tokens: 4,
  input_tokens: 10,
});
// B: ttft 400, chunks 400/600, e2e 600, 2 tokens → tpot 200, itl 200
const b = fakeRecord({
  ttft_ms: 400,
  chunk_times_ms: [400, 600],
  e2e_ms: 600,
  output_tokens: 2,
  input_tokens: 20,
});
// C: one token: no tpot, no itl
const c = fakeRecord({
  ttft_ms: 50,
  chunk_times_ms: [50],
  e2e_ms: 50,
  output_tokens: 1,
  input_tokens: 5,
});
const failedTimeout = fakeRecord({
  ok: false,
  error: "timeout",
  ttft_ms: null,
  chunk_times_ms: [],
});
const failed429 = fakeRecord({ ok: false, error: "http_429", status: 429, ttft_ms: null });
const warm = fakeRecord({ warmup: true, ttft_ms: 9999, e2e_ms: 9999, output_tokens: 50 });

describe("buildAgentReport", () => {
  test("counts, errors by class and tokens leave warm-up out", () => {
    const report = buildAgentReport([a, b, c, failedTimeout, failed429, warm], context);
    expect(report.requests).toEqual({ completed: 3, failed: 2, warmup: 1 });
    expect(report.errors).toEqual({ timeout: 1, http_429: 1 });
    expect(report.tokens).toEqual({ input: 35, output: 7, source: "usage" });
    expect(report.task_index).toBe(2);
    expect(report.run_id).toBe("run-1");
    expect(AgentReport.safeParse(report).success).toBe(true);
  });

  test("samples are the hand-computed TTFT, TPOT, ITL and E2E of the ok requests", () => {
    const { samples } = buildAgentReport([a, b, c, failedTimeout, warm], context);
    expect(samples.ttft).toEqual([100, 400, 50]);
    expect(samples.tpot).toHaveLength(2);
    expect(samples.tpot[0]).toBeCloseTo(200 / 3, 10);
    expect(samples.tpot[1]).toBe(200);
    expect(samples.itl).toEqual([50, 100, 50, 200]);
    expect(samples.e2e).toEqual([300, 600, 50]);
  });

  test("one request counted instead of reported by the server makes the source counted", () => {
    const counted = fakeRecord({ output_tokens_source: "counted" });
    expect(buildAgentReport([a, counted], context).tokens.source).toBe("counted");
    expect(buildAgentReport([], context).tokens.source).toBe("usage");
  });

  test("without SLOs every ok request is good", () => {
    expect(buildAgentReport([a, b, c, failedTimeout], context).good_requests).toBe(3);
  });

  test("goodput counts the ok requests meeting every SLO", () => {
    // ttft ≤ 150: a, c. tpot ≤ 100: a (66.7), c (none). e2e ≤ 500: a, c.
    const slo = { ttft_ms: 150, tpot_ms: 100, e2e_ms: 500 };
    expect(buildAgentReport([a, b, c, failedTimeout], { ...context, slo }).good_requests).toBe(2);
    // Only a TPOT SLO of 150: b fails it (200), a and c pass.
    expect(buildAgentReport([a, b, c], { ...context, slo: { tpot_ms: 150 } }).good_requests).toBe(
      2,
    );
    // Only an E2E SLO of 100: c alone.
    expect(buildAgentReport([a, b, c], { ...context, slo: { e2e_ms: 100 } }).good_requests).toBe(1);
  });

  test("partial and reason are carried through", () => {
    const report = buildAgentReport([a], { ...context, partial: true, reason: "stopped" });
    expect(report.partial).toBe(true);
    expect(report.reason).toBe("stopped");
  });

  test("TPOT needs two tokens", () => {
    expect(timePerOutputToken(c)).toBeNull();
    expect(timePerOutputToken(b)).toBe(200);
  });
});
