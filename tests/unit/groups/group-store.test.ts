import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GroupStore, type StoredGroup } from "../../../core/groups/group-store.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const group = (id: number): StoredGroup => ({
  benchmark_id: id,
  num_clients: 3,
  nodes: 1,
  time_limit: 5,
  spec: LoadSpec.parse({}),
  state: "submitted",
  reason: null,
  job_id: "77",
  slurm_state: null,
  slurm_reason: null,
  created_at: 1000,
  run_id: null,
  started_at: null,
  finished_at: null,
});

describe("GroupStore", () => {
  test("a group, its transitions and agents survive closing and reopening the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "aifc-store-"));
    dirs.push(dir);
    const path = join(dir, "service.db");
    const first = new Database(path, { create: true });
    const store = new GroupStore(first);
    store.insertGroup(group(1));
    store.moveGroup(1, "ready", 1001, null);
    store.upsertAgent(1, {
      task_index: 0,
      address: "http://a:1",
      registered_at: 1000.5,
      num_clients: 3,
      state: "registered",
      requests: 0,
      errors: 0,
    });
    first.close();

    const reopened = new GroupStore(new Database(path));
    expect(reopened.getGroup(1)?.state).toBe("ready");
    expect(reopened.transitions(1).map((t) => t.state)).toEqual(["submitted", "ready"]);
    expect(reopened.agents(1)[0]?.address).toBe("http://a:1");
    expect(new Database(path).query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  });

  test("deleting a group removes everything that belongs to it and nothing else", () => {
    const store = new GroupStore(new Database(":memory:"));
    store.insertGroup(group(1));
    store.insertGroup(group(2));
    store.addObserver(1, { ip_address: "h", port: 1, interval_ms: 1000 });
    store.deleteGroup(1);
    expect(store.getGroup(1)).toBeNull();
    expect(store.transitions(1)).toEqual([]);
    expect(store.observers(1)).toEqual([]);
    expect(store.getGroup(2)?.benchmark_id).toBe(2);
  });

  test("the signing secret is kept in the meta table", () => {
    const store = new GroupStore(new Database(":memory:"));
    expect(store.getMeta("k")).toBeNull();
    store.setMeta("k", new Uint8Array([1, 2, 3]));
    expect([...(store.getMeta("k") ?? [])]).toEqual([1, 2, 3]);
  });
});
