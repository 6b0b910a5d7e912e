import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RequestRecordLine } from "../schemas/results.ts";
import type { RequestRecord } from "./measure-request.ts";

/** Where an agent keeps its per-request records unless `AIFC_RECORDS_DIR` says otherwise. */
export const DEFAULT_RECORDS_DIR = "./data/records";

/** `<dir>/<benchmark_id>/<task_index>.jsonl` */
export function recordsPath(dir: string, benchmarkId: number, taskIndex: number): string {
  return join(dir, String(benchmarkId), `${taskIndex}.jsonl`);
}

/**
 * One request as a records line. `toWallMs` turns the record's monotonic times into unix
 * milliseconds, so lines from different agents sort on one time line.
 */
export function requestLine(
  record: RequestRecord,
  taskIndex: number,
  toWallMs: (monotonicMs: number) => number,
): RequestRecordLine {
  return {
    task_index: taskIndex,
    intended_at: toWallMs(record.intended_at_ms),
    sent_at: toWallMs(record.sent_at_ms),
    schedule_lag_ms: record.sent_at_ms - record.intended_at_ms,
    ok: record.ok,
    status: record.status,
    error: record.error,
    ttft_ms: record.ttft_ms,
    e2e_ms: record.e2e_ms,
    itl_count: Math.max(record.chunk_times_ms.length - 1, 0),
    output_tokens: record.output_tokens,
    input_tokens: record.input_tokens,
    tokens_source: record.output_tokens_source,
    warmup: record.warmup,
  };
}

export type RecordWriter = {
  path: string;
  /** Appends one line; never throws (a disk error is reported by `close`). */
  write(line: RequestRecordLine): void;
  /** Flushes and closes the file; resolves to a sentence when writing failed, else null. */
  close(): Promise<string | null>;
};

/** Opens (replacing) a JSONL file for one run's records, creating its folder. */
export function openRecordWriter(path: string): RecordWriter {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { flags: "w" });
  let failure: string | null = null;
  stream.on("error", (error) => {
    failure ??= `could not write the records to ${path}: ${error.message}`;
  });
  return {
    path,
    write(line) {
      if (failure === null) stream.write(`${JSON.stringify(line)}\n`);
    },
    close: () =>
      new Promise((resolve) => {
        if (stream.destroyed) {
          resolve(failure);
          return;
        }
        stream.end(() => resolve(failure));
      }),
  };
}
