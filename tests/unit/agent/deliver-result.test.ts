import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deliverResult, deliverSpooled } from "../../../core/agent/deliver-result.ts";
import { createResultSpool } from "../../../core/agent/result-spool.ts";
import type { ServiceCallResult } from "../../../core/agent/service-client.ts";
import { memoryLogger } from "../../../core/log.ts";
import type { AgentReport } from "../../../core/schemas/results.ts";
import { emptyReport } from "./empty-report.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A service that answers each upload with the next scripted result, and keeps what it took. */
function world(answers: ServiceCallResult[]) {
  const dir = mkdtempSync(join(tmpdir(), "aifc-deliver-"));
  dirs.push(dir);
  const spool = createResultSpool({ dir, benchmarkId: 3, taskIndex: 0 });
  const uploads: Array<{ report: AgentReport; deadlineMs: number | undefined }> = [];
  const records: Array<{ file: string; runId: string }> = [];
  const { logger, lines } = memoryLogger();
  const deps = {
    service: {
      async uploadResults(report: AgentReport, deadlineMs?: number) {
        uploads.push({ report, deadlineMs });
        return answers[Math.min(uploads.length - 1, answers.length - 1)] as ServiceCallResult;
      },
    },
    records: {
      async upload(file: string, runId: string): Promise<ServiceCallResult> {
        records.push({ file, runId });
        return { ok: true, status: 200 };
      },
    },
    spool,
    log: logger,
    ids: { benchmark_id: 3, task_index: 0 },
  };
  return { deps, spool, uploads, records, lines };
}

const down: ServiceCallResult = { ok: false, status: null, detail: "could not reach" };

describe("deliverResult", () => {
  test("an accepted report leaves the spool, then its records are sent", async () => {
    const { deps, spool, uploads, records } = world([{ ok: true, status: 200 }]);
    const entry = { report: emptyReport("run-1"), records_file: "/data/0.jsonl" };
    spool.save(entry);
    expect(await deliverResult(deps, entry, 45_000)).toBe("accepted");
    expect(uploads).toEqual([{ report: entry.report, deadlineMs: 45_000 }]);
    expect(records).toEqual([{ file: "/data/0.jsonl", runId: "run-1" }]);
    expect(spool.pending()).toEqual([]);
  });

  test("a service still away at the deadline leaves the report spooled and sends no records", async () => {
    const { deps, spool, records, lines } = world([down]);
    const entry = { report: emptyReport("run-2"), records_file: "/data/0.jsonl" };
    spool.save(entry);
    expect(await deliverResult(deps, entry, 1000)).toBe("undelivered");
    expect(spool.pending()).toEqual([entry]);
    expect(records).toEqual([]);
    expect(lines.find((l) => l.event === "results_upload_failed")?.detail).toBe("could not reach");
  });

  test("a report the service refuses for good (another run) is dropped from the spool", async () => {
    const { deps, spool } = world([{ ok: false, status: 409, detail: "HTTP 409: other run" }]);
    const entry = { report: emptyReport("run-3"), records_file: null };
    spool.save(entry);
    expect(await deliverResult(deps, entry, 1000)).toBe("refused");
    expect(spool.pending()).toEqual([]);
  });
});

describe("deliverSpooled", () => {
  test("an agent's next start sends what the last one kept, once each", async () => {
    const { deps, spool, uploads } = world([{ ok: true, status: 200 }]);
    spool.save({ report: emptyReport("run-4"), records_file: null });
    await deliverSpooled(deps, 60_000);
    await deliverSpooled(deps, 60_000);
    expect(uploads.map((u) => u.report.run_id)).toEqual(["run-4"]);
    expect(spool.pending()).toEqual([]);
  });
});
