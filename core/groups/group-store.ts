import type { Database } from "bun:sqlite";
import { z } from "zod";
import { type AgentInfo, GroupState, type Transition } from "../schemas/group.ts";
import { LoadSpec } from "../schemas/load-spec.ts";
import { AgentReport } from "../schemas/results.ts";

/** A group as stored: the columns of the `groups` table. */
export const StoredGroup = z.object({
  benchmark_id: z.number().int(),
  num_clients: z.number().int(),
  nodes: z.number().int(),
  time_limit: z.number().int(),
  spec: LoadSpec,
  state: GroupState,
  reason: z.string().nullable(),
  job_id: z.string(),
  slurm_state: z.string().nullable(),
  slurm_reason: z.string().nullable(),
  created_at: z.number(),
  run_id: z.string().nullable(),
  started_at: z.number().nullable(),
  finished_at: z.number().nullable(),
});
export type StoredGroup = z.infer<typeof StoredGroup>;

/** A group as the list shows it: a few of its columns and how many agents have registered. */
export const GroupSummary = StoredGroup.pick({
  benchmark_id: true,
  state: true,
  num_clients: true,
  nodes: true,
  job_id: true,
  created_at: true,
}).extend({ agents: z.number().int() });
export type GroupSummary = z.infer<typeof GroupSummary>;

export type StoredObserver = { ip_address: string; port: number; interval_ms: number };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS groups (
  benchmark_id INTEGER PRIMARY KEY, num_clients INTEGER NOT NULL, nodes INTEGER NOT NULL,
  time_limit INTEGER NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,
  job_id TEXT NOT NULL, slurm_state TEXT, slurm_reason TEXT, created_at REAL NOT NULL, run_id TEXT,
  started_at REAL, finished_at REAL);
CREATE TABLE IF NOT EXISTS transitions (
  benchmark_id INTEGER NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, at REAL NOT NULL,
  reason TEXT, PRIMARY KEY (benchmark_id, seq));
CREATE TABLE IF NOT EXISTS agents (
  benchmark_id INTEGER NOT NULL, task_index INTEGER NOT NULL, address TEXT NOT NULL,
  registered_at REAL NOT NULL, num_clients INTEGER NOT NULL, state TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (benchmark_id, task_index));
CREATE TABLE IF NOT EXISTS observers (
  benchmark_id INTEGER NOT NULL, ip_address TEXT NOT NULL, port INTEGER NOT NULL,
  interval_ms INTEGER NOT NULL, PRIMARY KEY (benchmark_id, ip_address, port));
CREATE TABLE IF NOT EXISTS reports (
  benchmark_id INTEGER NOT NULL, task_index INTEGER NOT NULL, run_id TEXT NOT NULL,
  report TEXT NOT NULL, PRIMARY KEY (benchmark_id, task_index, run_id));
`;

type GroupRow = Omit<StoredGroup, "spec"> & { spec: string };

/**
 * The service's durable state in one SQLite file (WAL): groups, their transitions, agents,
 * observers and uploaded reports. Every write is one transaction, so a crash between two
 * statements cannot leave a group without its transition.
 */
export class GroupStore {
  constructor(private readonly db: Database) {
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
    db.exec(SCHEMA);
    addMissingColumns(db);
  }

  getMeta(key: string): Uint8Array | null {
    const row = this.db
      .query<{ value: Uint8Array }, [string]>("SELECT value FROM meta WHERE key = ?")
      .get(key);
    return row ? new Uint8Array(row.value) : null;
  }

  setMeta(key: string, value: Uint8Array): void {
    this.db.query("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run(key, value);
  }

  /** Stores a new group; `agentToken` is the token its agents require on the service's calls. */
  insertGroup(group: StoredGroup, agentToken: string | null = null): void {
    this.db.transaction(() => {
      this.db
        .query(
          `INSERT INTO groups (benchmark_id, num_clients, nodes, time_limit, spec, state, reason, job_id,
             slurm_state, slurm_reason, created_at, run_id, started_at, finished_at, agent_token)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          group.benchmark_id,
          group.num_clients,
          group.nodes,
          group.time_limit,
          JSON.stringify(group.spec),
          group.state,
          group.reason,
          group.job_id,
          group.slurm_state,
          group.slurm_reason,
          group.created_at,
          group.run_id,
          group.started_at,
          group.finished_at,
          agentToken,
        );
      this.appendTransition(group.benchmark_id, group.state, group.created_at, group.reason);
    })();
  }

  /** The token the group's agents require; null if unknown or stored before tokens were kept. */
  agentToken(id: number): string | null {
    const row = this.db
      .query<{ agent_token: string | null }, [number]>(
        "SELECT agent_token FROM groups WHERE benchmark_id = ?",
      )
      .get(id);
    return row?.agent_token ?? null;
  }

  getGroup(id: number): StoredGroup | null {
    const row = this.db
      .query<GroupRow, [number]>("SELECT * FROM groups WHERE benchmark_id = ?")
      .get(id);
    return row ? toGroup(row) : null;
  }

  listGroups(): StoredGroup[] {
    return this.db
      .query<GroupRow, []>("SELECT * FROM groups ORDER BY benchmark_id")
      .all()
      .map(toGroup);
  }

  /**
   * Every group's summary with its agent count, in id order, from one query. The rows are not
   * parsed: they hold plain columns this store wrote, and parsing every group (load spec
   * included) was most of what listing 200 groups cost.
   */
  groupSummaries(): GroupSummary[] {
    return this.db
      .query<GroupSummary, []>(
        `SELECT g.benchmark_id, g.state, g.num_clients, g.nodes, g.job_id, g.created_at,
           COALESCE(a.agents, 0) AS agents
         FROM groups g
         LEFT JOIN (SELECT benchmark_id, COUNT(*) AS agents FROM agents GROUP BY benchmark_id) a
           ON a.benchmark_id = g.benchmark_id
         ORDER BY g.benchmark_id`,
      )
      .all();
  }

  /**
   * Moves a group from the state its caller saw to a new one and records the transition,
   * atomically. A compare-and-set: when the group is no longer in `from` (something moved it
   * during the caller's await) or is gone, nothing is written and the answer is false, so a
   * decision made on a stale copy can never overwrite a newer state.
   */
  moveGroup(
    id: number,
    from: GroupState,
    to: GroupState,
    at: number,
    reason: string | null,
    extra: Partial<Pick<StoredGroup, "run_id" | "started_at" | "finished_at">> = {},
  ): boolean {
    return this.db.transaction(() => {
      const { changes } = this.db
        .query(
          `UPDATE groups SET state = ?, reason = ?, run_id = COALESCE(?, run_id),
             started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at)
           WHERE benchmark_id = ? AND state = ?`,
        )
        .run(
          to,
          reason,
          extra.run_id ?? null,
          extra.started_at ?? null,
          extra.finished_at ?? null,
          id,
          from,
        );
      if (changes === 0) return false;
      this.appendTransition(id, to, at, reason);
      return true;
    })();
  }

  /** The run the group's agents are about to start; set before they are told. */
  setRunId(id: number, runId: string | null): void {
    this.db.query("UPDATE groups SET run_id = ? WHERE benchmark_id = ?").run(runId, id);
  }

  setSlurmState(id: number, slurmState: string, slurmReason: string | null): void {
    this.db
      .query("UPDATE groups SET slurm_state = ?, slurm_reason = ? WHERE benchmark_id = ?")
      .run(slurmState, slurmReason, id);
  }

  deleteGroup(id: number): void {
    this.db.transaction(() => {
      for (const table of ["groups", "transitions", "agents", "observers", "reports"]) {
        this.db.query(`DELETE FROM ${table} WHERE benchmark_id = ?`).run(id);
      }
    })();
  }

  transitions(id: number): Transition[] {
    return this.db
      .query<Transition, [number]>(
        "SELECT state, at, reason FROM transitions WHERE benchmark_id = ? ORDER BY seq",
      )
      .all(id);
  }

  upsertAgent(id: number, agent: Omit<AgentInfo, "agent_id">): void {
    this.db
      .query(
        `INSERT INTO agents (benchmark_id, task_index, address, registered_at, num_clients, state, requests, errors)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (benchmark_id, task_index) DO UPDATE SET address = excluded.address,
           registered_at = excluded.registered_at, state = excluded.state`,
      )
      .run(
        id,
        agent.task_index,
        agent.address,
        agent.registered_at,
        agent.num_clients,
        agent.state,
        agent.requests,
        agent.errors,
      );
  }

  agents(id: number): AgentInfo[] {
    return this.db
      .query<Omit<AgentInfo, "agent_id">, [number]>(
        `SELECT task_index, address, registered_at, num_clients, state, requests, errors
         FROM agents WHERE benchmark_id = ? ORDER BY task_index`,
      )
      .all(id)
      .map((a) => ({ agent_id: `${id}-${a.task_index}`, ...a }));
  }

  setAgentProgress(
    id: number,
    taskIndex: number,
    requests: number,
    errors: number,
    state: AgentInfo["state"],
  ): void {
    this.db
      .query(
        "UPDATE agents SET requests = ?, errors = ?, state = ? WHERE benchmark_id = ? AND task_index = ?",
      )
      .run(requests, errors, state, id, taskIndex);
  }

  addObserver(id: number, observer: StoredObserver): void {
    this.db
      .query(
        "INSERT OR REPLACE INTO observers (benchmark_id, ip_address, port, interval_ms) VALUES (?, ?, ?, ?)",
      )
      .run(id, observer.ip_address, observer.port, observer.interval_ms);
  }

  observers(id: number): StoredObserver[] {
    return this.db
      .query<StoredObserver, [number]>(
        "SELECT ip_address, port, interval_ms FROM observers WHERE benchmark_id = ?",
      )
      .all(id);
  }

  /** Stores a report once; a repeated upload of the same agent and run is a no-op. Returns true if new. */
  addReport(id: number, report: AgentReport): boolean {
    const result = this.db
      .query(
        "INSERT OR IGNORE INTO reports (benchmark_id, task_index, run_id, report) VALUES (?, ?, ?, ?)",
      )
      .run(id, report.task_index, report.run_id, JSON.stringify(report));
    return result.changes > 0;
  }

  reports(id: number, runId: string): AgentReport[] {
    return this.db
      .query<{ report: string }, [number, string]>(
        "SELECT report FROM reports WHERE benchmark_id = ? AND run_id = ? ORDER BY task_index",
      )
      .all(id, runId)
      .map((row) => AgentReport.parse(JSON.parse(row.report)));
  }

  private appendTransition(id: number, state: GroupState, at: number, reason: string | null) {
    this.db
      .query(
        `INSERT INTO transitions (benchmark_id, seq, state, at, reason)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transitions WHERE benchmark_id = ?), ?, ?, ?)`,
      )
      .run(id, id, state, at, reason);
  }
}

/** Columns added after the first release, added to a database made before them (idempotent). */
function addMissingColumns(db: Database): void {
  const columns = db.query<{ name: string }, []>("PRAGMA table_info(groups)").all();
  if (!columns.some((c) => c.name === "agent_token")) {
    db.exec("ALTER TABLE groups ADD COLUMN agent_token TEXT");
  }
}

function toGroup(row: GroupRow): StoredGroup {
  return StoredGroup.parse({ ...row, spec: JSON.parse(row.spec) });
}
