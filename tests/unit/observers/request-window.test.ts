import { describe, expect, test } from "bun:test";
import { createRequestWindow } from "../../../core/observers/request-window.ts";

const ok = (ttft: number, e2e: number, tokens = 10) => ({
  ok: true,
  error: null,
  ttft_ms: ttft,
  e2e_ms: e2e,
  output_tokens: tokens,
});
const failed = (error: string | null) => ({
  ok: false,
  error,
  ttft_ms: null,
  e2e_ms: 5,
  output_tokens: 0,
});

describe("createRequestWindow", () => {
  test("an empty window has zero counts, zero rates and no latencies", () => {
    expect(createRequestWindow().stats(1000)).toEqual({
      requests: 0,
      completed: 0,
      failed: 0,
      warmup: 0,
      errors: {},
      output_tokens: 0,
      duration_s: 1,
      requests_per_s: 0,
      output_tokens_per_s: 0,
      ttft_ms: { p50: null, p99: null },
      e2e_ms: { p50: null },
    });
  });

  test("counts by outcome and class, rates over the duration, tokens of ok requests only", () => {
    const window = createRequestWindow();
    for (let i = 1; i <= 100; i += 1) window.add(ok(i, 10 * i, 4));
    window.add(failed("http_5xx"));
    window.add(failed("http_5xx"));
    window.add(failed("timeout"));
    const stats = window.stats(2000);
    expect(stats).toMatchObject({
      requests: 103,
      completed: 100,
      failed: 3,
      errors: { http_5xx: 2, timeout: 1 },
      output_tokens: 400,
      duration_s: 2,
      requests_per_s: 50,
      output_tokens_per_s: 200,
    });
    // DDSketch keeps every percentile within 1% of a true rank's value.
    expect(stats.ttft_ms.p50).toBeGreaterThanOrEqual(49 * 0.99);
    expect(stats.ttft_ms.p50).toBeLessThanOrEqual(51 * 1.01);
    expect(stats.ttft_ms.p99).toBeGreaterThanOrEqual(98 * 0.99);
    expect(stats.ttft_ms.p99).toBeLessThanOrEqual(100 * 1.01);
    expect(stats.e2e_ms.p50).toBeGreaterThanOrEqual(490 * 0.99);
    expect(stats.e2e_ms.p50).toBeLessThanOrEqual(510 * 1.01);
  });

  test("a warm-up request is only counted; a failure without a class is an aborted stream", () => {
    const window = createRequestWindow();
    window.add({ ...ok(1, 1), warmup: true });
    window.add({ ...failed("http_429"), warmup: true });
    window.add(failed(null));
    expect(window.stats(1000)).toMatchObject({
      requests: 1,
      completed: 0,
      failed: 1,
      warmup: 2,
      errors: { aborted_stream: 1 },
      ttft_ms: { p50: null, p99: null },
    });
  });

  test("a zero-length window reports zero rates rather than infinity", () => {
    const window = createRequestWindow();
    window.add(ok(1, 2));
    expect(window.stats(0)).toMatchObject({ duration_s: 0, requests_per_s: 0 });
  });
});
