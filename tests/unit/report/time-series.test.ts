import { describe, expect, test } from "bun:test";
import { bucketWidthS, buildRunSeries, stackSeries } from "../../../core/report/time-series.ts";
import type { RequestRecordLine } from "../../../core/schemas/results.ts";

const T0 = 1_700_000_000_000;

/** A successful request sent `atS` seconds after T0. */
function record(atS: number, fields: Partial<RequestRecordLine> = {}): RequestRecordLine {
  return {
    task_index: 0,
    intended_at: T0 + atS * 1000,
    sent_at: T0 + atS * 1000,
    schedule_lag_ms: 0,
    ok: true,
    status: 200,
    error: null,
    ttft_ms: 10,
    e2e_ms: 100,
    itl_count: 9,
    output_tokens: 10,
    input_tokens: 5,
    tokens_source: "usage",
    warmup: false,
    ...fields,
  };
}
const failed = (atS: number, error: RequestRecordLine["error"], e2e_ms: number) =>
  record(atS, { ok: false, status: null, error, ttft_ms: null, e2e_ms, output_tokens: 0 });

describe("time series from records", () => {
  test("latency percentiles are of the requests that started in each second", () => {
    const series = buildRunSeries([
      record(0, { ttft_ms: 10, e2e_ms: 100 }),
      record(0.5, { ttft_ms: 30, e2e_ms: 300 }),
      record(2.2, { ttft_ms: 50, e2e_ms: 500 }),
    ]);
    expect(series?.bucket_s).toBe(1);
    expect(series?.start_ms).toBe(T0);
    // The last request ends at 2.7 s: buckets 0, 1, 2.
    expect(series?.t).toEqual([0, 1, 2]);
    expect(series?.ttft_p50).toEqual([20, null, 50]);
    expect(series?.ttft_p99).toEqual([29.8, null, 50]);
    expect(series?.e2e_p50).toEqual([200, null, 500]);
    expect(series?.e2e_p99).toEqual([298, null, 500]);
  });

  test("completions, tokens and errors count in the second where each request ended", () => {
    const series = buildRunSeries([
      record(0, { e2e_ms: 900, output_tokens: 7 }),
      record(0.5, { e2e_ms: 900, output_tokens: 3 }),
      failed(0.2, "http_5xx", 10),
      failed(0.1, "timeout", 2500),
      failed(1.1, "http_5xx", 10),
    ]);
    expect(series?.t).toEqual([0, 1, 2]);
    expect(series?.completed_per_s).toEqual([1, 1, 0]);
    expect(series?.output_tokens_per_s).toEqual([7, 3, 0]);
    expect(series?.errors_per_s).toEqual({ http_5xx: [1, 1, 0], timeout: [0, 0, 1] });
    // Failed requests have no latency point.
    expect(series?.ttft_p50).toEqual([10, null, null]);
  });

  test("a long run widens the buckets and reports rates per second", () => {
    expect(bucketWidthS(3600, 3600)).toBe(1);
    expect(bucketWidthS(3601, 3600)).toBe(2);
    expect(bucketWidthS(0.2, 3600)).toBe(1);
    const series = buildRunSeries(
      [record(0), record(1), record(2), record(9.5, { e2e_ms: 100 })],
      5,
    );
    expect(series?.bucket_s).toBe(2);
    expect(series?.t).toEqual([0, 2, 4, 6, 8]);
    expect(series?.completed_per_s).toEqual([1, 0.5, 0, 0, 0.5]);
  });

  test("warm-up requests are part of the timeline", () => {
    const series = buildRunSeries([record(0, { warmup: true }), record(1)]);
    expect(series?.completed_per_s).toEqual([1, 1]);
  });

  test("no records, no series", () => {
    expect(buildRunSeries([])).toBeNull();
  });

  test("stacking adds each row to the rows before it", () => {
    expect(
      stackSeries([
        [1, 0, 2],
        [0, 3, 1],
        [4, 0, 0],
      ]),
    ).toEqual([
      [1, 0, 2],
      [1, 3, 3],
      [5, 3, 3],
    ]);
    expect(stackSeries([])).toEqual([]);
  });
});
