import type { RequestRecord } from "../../../core/loadgen/measure-request.ts";

/** A successful request record; override what a test is about. */
export function fakeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    intended_at_ms: 0,
    sent_at_ms: 0,
    ok: true,
    error: null,
    status: 200,
    detail: null,
    ttft_ms: 100,
    chunk_times_ms: [100],
    e2e_ms: 100,
    output_tokens: 1,
    output_tokens_source: "usage",
    input_tokens: 0,
    cancelled: false,
    warmup: false,
    ...overrides,
  };
}
