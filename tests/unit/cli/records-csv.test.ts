import { describe, expect, test } from "bun:test";
import type { RequestRecordLine } from "../../../core/schemas/results.ts";
import { parseRecordLines, recordsToCsv } from "../../../handlers/cli/records-csv.ts";

const record = (overrides: Partial<RequestRecordLine> = {}): RequestRecordLine => ({
  task_index: 0,
  intended_at: 1000.5,
  sent_at: 1001,
  schedule_lag_ms: 0.5,
  ok: true,
  status: 200,
  error: null,
  ttft_ms: 20.25,
  e2e_ms: 40,
  itl_count: 7,
  output_tokens: 8,
  input_tokens: 10,
  tokens_source: "usage",
  warmup: false,
  ...overrides,
});

describe("per-request CSV", () => {
  test("has the record's fields as its header and one line per request; null is empty", () => {
    const csv = recordsToCsv([
      record(),
      record({ task_index: 1, ok: false, status: null, error: "timeout", ttft_ms: null }),
    ]);
    expect(csv).toBe(
      [
        "task_index,intended_at,sent_at,schedule_lag_ms,ok,status,error,ttft_ms,e2e_ms,itl_count,output_tokens,input_tokens,tokens_source,warmup",
        "0,1000.5,1001,0.5,true,200,,20.25,40,7,8,10,usage,false",
        "1,1000.5,1001,0.5,false,,timeout,,40,7,8,10,usage,false",
        "",
      ].join("\n"),
    );
  });

  test("the service's JSONL reads back into records, and a foreign line is refused", () => {
    const lines = `${JSON.stringify(record())}\n\n${JSON.stringify(record({ warmup: true }))}\n`;
    expect(parseRecordLines(lines).map((r) => r.warmup)).toEqual([false, true]);
    expect(() => parseRecordLines('{"hello": 1}\n')).toThrow("record line 1");
  });
});
