import type { GroupInfo } from "../schemas/group.ts";
import type { GroupResults, RequestRecordLine } from "../schemas/results.ts";

/**
 * One agent's line in the per-agent breakdown. Requests and errors are the results' (measured,
 * warm-up excluded), or the agent's last progress where the results lack it; `records_*` count
 * its measured records (null when the run kept none).
 */
export type AgentRow = {
  task_index: number | null;
  agent_id: string | null;
  address: string;
  clients: number | null;
  state: string | null;
  requests: number;
  errors: number;
  records_ok: number | null;
  records_failed: number | null;
};

/**
 * Joins what is known per agent: the group's agents (task index, clients, state), the results'
 * per-agent counts (matched by agent id) and the measured records (matched by task index).
 * Rows come in task order; a results entry with no known agent comes last.
 */
export function agentBreakdown(
  group: GroupInfo,
  results: GroupResults,
  records: readonly RequestRecordLine[] | null,
): AgentRow[] {
  const counted = new Map<number, { ok: number; failed: number }>();
  for (const r of records ?? []) {
    if (r.warmup) continue;
    const c = counted.get(r.task_index) ?? { ok: 0, failed: 0 };
    if (r.ok) c.ok++;
    else c.failed++;
    counted.set(r.task_index, c);
  }
  const fromRecords = (task: number | null) => {
    if (records === null) return { records_ok: null, records_failed: null };
    const c = task === null ? undefined : counted.get(task);
    return { records_ok: c?.ok ?? 0, records_failed: c?.failed ?? 0 };
  };

  const rows: AgentRow[] = [];
  const byId = new Map(results.agents.map((a) => [a.agent_id, a]));
  const seenTasks = new Set<number>();
  for (const agent of group.agents) {
    const result = byId.get(agent.agent_id);
    byId.delete(agent.agent_id);
    seenTasks.add(agent.task_index);
    rows.push({
      task_index: agent.task_index,
      agent_id: agent.agent_id,
      address: agent.address,
      clients: agent.num_clients,
      state: agent.state,
      requests: result?.requests ?? agent.requests,
      errors: result?.errors ?? agent.errors,
      ...fromRecords(agent.task_index),
    });
  }
  for (const [task, c] of counted) {
    if (seenTasks.has(task)) continue;
    rows.push({
      task_index: task,
      agent_id: null,
      address: "",
      clients: null,
      state: null,
      requests: c.ok + c.failed,
      errors: c.failed,
      ...fromRecords(task),
    });
  }
  rows.sort((a, b) => (a.task_index ?? Infinity) - (b.task_index ?? Infinity));
  for (const result of byId.values()) {
    rows.push({
      task_index: null,
      agent_id: result.agent_id,
      address: result.address,
      clients: null,
      state: null,
      requests: result.requests,
      errors: result.errors,
      ...fromRecords(null),
    });
  }
  return rows;
}
