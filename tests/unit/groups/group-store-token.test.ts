import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { GroupStore, type StoredGroup } from "../../../core/groups/group-store.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";

const group = (id: number): StoredGroup => ({
  benchmark_id: id,
  num_clients: 1,
  nodes: 1,
  time_limit: 10,
  spec: LoadSpec.parse({}),
  state: "submitted",
  reason: null,
  job_id: `job-${id}`,
  slurm_state: null,
  slurm_reason: null,
  created_at: 1_700_000_000,
  run_id: null,
  started_at: null,
  finished_at: null,
});

describe("the group's agent token in the store", () => {
  test("is kept with the group and read back; unknown groups have none", () => {
    const store = new GroupStore(new Database(":memory:"));
    store.insertGroup(group(1), "token-of-1");
    store.insertGroup(group(2));
    expect(store.agentToken(1)).toBe("token-of-1");
    expect(store.agentToken(2)).toBeNull();
    expect(store.agentToken(3)).toBeNull();
    expect(store.getGroup(1)).toEqual(group(1));
  });

  test("a database made before the column gets it, once, and keeps its groups", () => {
    const db = new Database(":memory:");
    db.exec(`CREATE TABLE groups (
      benchmark_id INTEGER PRIMARY KEY, num_clients INTEGER NOT NULL, nodes INTEGER NOT NULL,
      time_limit INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,
      job_id TEXT NOT NULL, slurm_state TEXT, slurm_reason TEXT, created_at REAL NOT NULL,
      run_id TEXT, started_at REAL, finished_at REAL)`);
    db.query(
      `INSERT INTO groups (benchmark_id, num_clients, nodes, time_limit, spec, state, job_id, created_at)
       VALUES (7, 1, 1, 10, ?, 'running', 'job-7', 1700000000)`,
    ).run(JSON.stringify(LoadSpec.parse({})));
    new GroupStore(db);
    const store = new GroupStore(db);
    expect(store.agentToken(7)).toBeNull();
    expect(store.getGroup(7)?.state).toBe("running");
    store.insertGroup(group(8), "token-of-8");
    expect(store.agentToken(8)).toBe("token-of-8");
  });
});
