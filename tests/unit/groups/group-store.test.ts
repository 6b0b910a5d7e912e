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
    store.moveGroup(1, "submitted", "ready", 1001, null);
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

  test("a move from a state the group has left changes nothing and records no transition", () => {
    const store = new GroupStore(new Database(":memory:"));
    store.insertGroup(group(1));
    expect(store.moveGroup(1, "submitted", "ready", 1001, null)).toBe(true);
    expect(store.moveGroup(1, "submitted", "queued", 1002, "Priority")).toBe(false);
    expect(store.getGroup(1)).toMatchObject({ state: "ready", reason: null });
    expect(store.transitions(1).map((t) => t.state)).toEqual(["submitted", "ready"]);
  });

  test("a move of a deleted group leaves no transition behind", () => {
    const store = new GroupStore(new Database(":memory:"));
    store.insertGroup(group(1));
    store.deleteGroup(1);
    expect(store.moveGroup(1, "submitted", "failed", 1001, "the job died")).toBe(false);
    expect(store.transitions(1)).toEqual([]);
  });

  test("the summaries count each group's agents, zero for none, in id order", () => {
    const store = new GroupStore(new Database(":memory:"));
    for (const id of [3, 1, 2]) store.insertGroup({ ...group(id), nodes: 2 });
    for (const [id, task] of [
      [1, 0],
      [1, 1],
      [3, 0],
    ] as const) {
      store.upsertAgent(id, {
        task_index: task,
        address: `http://a:${task}`,
        registered_at: 1000,
        num_clients: 1,
        state: "registered",
        requests: 0,
        errors: 0,
      });
    }
    expect(store.groupSummaries().map((g) => [g.benchmark_id, g.agents])).toEqual([
      [1, 2],
      [2, 0],
      [3, 1],
    ]);
    expect(store.groupSummaries()[0]).toEqual({
      benchmark_id: 1,
      state: "submitted",
      num_clients: 3,
      nodes: 2,
      job_id: "77",
      created_at: 1000,
      agents: 2,
    });
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
