import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRecordWriter, recordsPath, requestLine } from "../../../core/loadgen/record-writer.ts";
import { RequestRecordLine } from "../../../core/schemas/results.ts";
import { fakeRecord } from "./fake-record.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("records", () => {
  test("a record becomes one line with unix times, lag, ITL count and its class", () => {
    const line = requestLine(
      fakeRecord({
        intended_at_ms: 100,
        sent_at_ms: 103,
        ok: false,
        error: "http_5xx",
        status: 503,
        ttft_ms: null,
        chunk_times_ms: [],
        e2e_ms: 12,
        warmup: true,
      }),
      3,
      (ms) => 1_700_000_000_000 + ms,
    );
    expect(RequestRecordLine.parse(line)).toEqual({
      task_index: 3,
      intended_at: 1_700_000_000_100,
      sent_at: 1_700_000_000_103,
      schedule_lag_ms: 3,
      ok: false,
      status: 503,
      error: "http_5xx",
      ttft_ms: null,
      e2e_ms: 12,
      itl_count: 0,
      output_tokens: 1,
      input_tokens: 0,
      tokens_source: "usage",
      warmup: true,
    });
  });

  test("the writer makes its folder, writes JSON lines and replaces an older file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aifc-writer-"));
    dirs.push(dir);
    const path = recordsPath(dir, 42, 1);
    expect(path).toBe(join(dir, "42", "1.jsonl"));
    const old = openRecordWriter(path);
    old.write(requestLine(fakeRecord(), 1, (ms) => ms));
    await old.close();
    const writer = openRecordWriter(path);
    writer.write(requestLine(fakeRecord({ chunk_times_ms: [1, 2, 3] }), 1, (ms) => ms));
    writer.write(requestLine(fakeRecord(), 1, (ms) => ms));
    expect(await writer.close()).toBeNull();
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0] as string).itl_count).toBe(2);
  });

  test("a folder that cannot be made is an error at open", () => {
    const dir = mkdtempSync(join(tmpdir(), "aifc-writer-"));
    dirs.push(dir);
    writeFileSync(join(dir, "file"), "");
    expect(() => openRecordWriter(join(dir, "file", "1", "0.jsonl"))).toThrow();
  });
});
