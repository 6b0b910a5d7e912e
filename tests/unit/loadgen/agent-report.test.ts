import { describe, expect, test } from "bun:test";
import {
  buildAgentReport,
  meetsSlo,
  timePerOutputToken,
} from "../../../core/loadgen/agent-report.ts";
import type { RequestRecord } from "../../../core/loadgen/measure-request.ts";
import { RunMetrics } from "../../../core/loadgen/run-metrics.ts";
import { LatencyDistribution } from "../../../core/metrics/latency-distribution.ts";
import type { SloSpec } from "../../../core/schemas/load-spec.ts";
import { AgentReport, type LatencyDigest } from "../../../core/schemas/results.ts";
import { fakeRecord } from "./fake-record.ts";

const context = {
  task_index: 2,
  run_id: "run-1",
  started_at: 1000,
  finished_at: 1010,
  partial: false,
  reason: null,
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

function report(records: RequestRecord[], slo: SloSpec = {}, overrides = {}) {
  const metrics = new RunMetrics({ slo, openLoop: false });
  for (const record of records) metrics.add(record);
  return buildAgentReport(metrics, { ...context, ...overrides });
}

const decoded = (digest: LatencyDigest | null) => {
  const result = LatencyDistribution.fromDigest(digest as LatencyDigest);
  if (!result.ok) throw new Error(result.detail);
  return result.distribution;
};

describe("buildAgentReport", () => {
  test("counts, errors by class and tokens leave warm-up out", () => {
    const r = report([a, b, c, failedTimeout, failed429, warm]);
    expect(r.requests).toEqual({ completed: 3, failed: 2, warmup: 1 });
    expect(r.errors).toEqual({ timeout: 1, http_429: 1 });
    expect(r.tokens).toEqual({ input: 35, output: 7, source: "usage" });
    expect(r.task_index).toBe(2);
    expect(r.run_id).toBe("run-1");
    expect(AgentReport.safeParse(r).success).toBe(true);
  });

  test("digests hold the hand-computed TTFT, TPOT, ITL and E2E of the ok requests exactly", () => {
    const { latency } = report([a, b, c, failedTimeout, warm]);
    expect(latency.ttft).toMatchObject({ count: 3, sum: 550, min: 50, max: 400 });
    expect(latency.tpot?.count).toBe(2);
    expect(latency.tpot?.sum).toBeCloseTo(200 / 3 + 200, 10);
    expect(latency.tpot?.min).toBeCloseTo(200 / 3, 10);
    expect(latency.itl).toMatchObject({ count: 4, sum: 400, min: 50, max: 200 });
    expect(latency.e2e).toMatchObject({ count: 3, sum: 950, min: 50, max: 600 });
    // The histograms say the same, within their stated precision.
    const ttft = decoded(latency.ttft).stats();
    expect(ttft?.p50).toBeCloseTo(100, 1);
    expect(ttft?.mean).toBeCloseTo(550 / 3, 10);
    const itl = decoded(latency.itl).percentiles([0, 50, 100]);
    expect(itl[0]).toBe(50);
    // Sorted gaps 50, 50, 100, 200: the median interpolates between 50 and 100, as numpy does.
    expect(itl[1]).toBeCloseTo(75, 1);
    expect(itl[2]).toBe(200);
  });

  test("a closed loop has no open-loop digests and no schedule", () => {
    const r = report([a, b]);
    expect(r.latency.ttft_from_intended).toBeNull();
    expect(r.latency.e2e_from_intended).toBeNull();
    expect(r.latency.schedule_lag).toBeNull();
    expect(r.schedule).toBeNull();
  });

  test("a run with no ok request has null digests, which the schema takes", () => {
    const r = report([failedTimeout]);
    expect(r.latency.ttft).toBeNull();
    expect(r.latency.e2e).toBeNull();
    expect(AgentReport.safeParse(r).success).toBe(true);
  });

  test("one request counted instead of reported by the server makes the source counted", () => {
    const counted = fakeRecord({ output_tokens_source: "counted" });
    expect(report([a, counted]).tokens.source).toBe("counted");
    expect(report([]).tokens.source).toBe("usage");
  });

  test("without SLOs every ok request is good", () => {
    expect(report([a, b, c, failedTimeout]).good_requests).toBe(3);
  });

  test("goodput counts the ok requests meeting every SLO", () => {
    // ttft ≤ 150: a, c. tpot ≤ 100: a (66.7), c (none). e2e ≤ 500: a, c.
    expect(
      report([a, b, c, failedTimeout], { ttft_ms: 150, tpot_ms: 100, e2e_ms: 500 }).good_requests,
    ).toBe(2);
    // Only a TPOT SLO of 150: b fails it (200), a and c pass.
    expect(report([a, b, c], { tpot_ms: 150 }).good_requests).toBe(2);
    // Only an E2E SLO of 100: c alone.
    expect(report([a, b, c], { e2e_ms: 100 }).good_requests).toBe(1);
    expect(meetsSlo(b, { ttft_ms: 399 })).toBe(false);
  });

  test("partial and reason are carried through", () => {
    const r = report([a], {}, { partial: true, reason: "stopped" });
    expect(r.partial).toBe(true);
    expect(r.reason).toBe("stopped");
  });

  test("TPOT needs two tokens", () => {
    expect(timePerOutputToken(c)).toBeNull();
    expect(timePerOutputToken(b)).toBe(200);
    expect(timePerOutputToken(a)).toBeCloseTo(200 / 3, 10);
  });
});
