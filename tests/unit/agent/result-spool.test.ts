import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createResultSpool } from "../../../core/agent/result-spool.ts";
import { emptyReport } from "./empty-report.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function spoolDir() {
  const dir = mkdtempSync(join(tmpdir(), "aifc-spool-"));
  dirs.push(dir);
  return dir;
}

describe("createResultSpool", () => {
  test("a saved report is pending, with its records file, until it is removed", () => {
    const dir = spoolDir();
    const spool = createResultSpool({ dir, benchmarkId: 7, taskIndex: 1 });
    expect(spool.pending()).toEqual([]);
    const entry = { report: emptyReport("run-a", 1), records_file: "/tmp/r.jsonl" };
    expect(spool.save(entry)).toBeNull();
    expect(readdirSync(join(dir, "7"))).toEqual(["1-run-a.json"]);
    expect(spool.pending()).toEqual([entry]);
    spool.remove("run-a");
    expect(spool.pending()).toEqual([]);
  });

  test("a restarted agent (a new spool on the same folder) finds what the last one kept", () => {
    const dir = spoolDir();
    const entry = { report: emptyReport("run-b"), records_file: null };
    createResultSpool({ dir, benchmarkId: 7, taskIndex: 0 }).save(entry);
    expect(createResultSpool({ dir, benchmarkId: 7, taskIndex: 0 }).pending()).toEqual([entry]);
    // Another task's or another group's spool does not see it.
    expect(createResultSpool({ dir, benchmarkId: 7, taskIndex: 1 }).pending()).toEqual([]);
    expect(createResultSpool({ dir, benchmarkId: 8, taskIndex: 0 }).pending()).toEqual([]);
  });

  test("saving the same run again replaces it; files that are not reports are skipped", () => {
    const dir = spoolDir();
    const spool = createResultSpool({ dir, benchmarkId: 7, taskIndex: 0 });
    spool.save({ report: emptyReport("run-c"), records_file: null });
    spool.save({ report: emptyReport("run-c"), records_file: "/x.jsonl" });
    writeFileSync(join(dir, "7", "0-garbage.json"), "{ not json");
    writeFileSync(join(dir, "7", "0-other.json"), JSON.stringify({ report: { run_id: 1 } }));
    expect(spool.pending()).toEqual([{ report: emptyReport("run-c"), records_file: "/x.jsonl" }]);
  });

  test("a run id cannot lead the file out of the spool folder", () => {
    const dir = spoolDir();
    const spool = createResultSpool({ dir, benchmarkId: 7, taskIndex: 0 });
    spool.save({ report: emptyReport("../../escape"), records_file: null });
    expect(readdirSync(join(dir, "7"))).toEqual(["0-..%2F..%2Fescape.json"]);
    expect(spool.pending()).toHaveLength(1);
  });

  test("a folder that cannot be written is a sentence, not an exception", () => {
    const dir = spoolDir();
    writeFileSync(join(dir, "7"), "a file where the folder should be");
    const spool = createResultSpool({ dir, benchmarkId: 7, taskIndex: 0 });
    const failure = spool.save({ report: emptyReport("run-d"), records_file: null });
    expect(failure).toContain("could not keep the report in");
    expect(spool.pending()).toEqual([]);
  });
});
