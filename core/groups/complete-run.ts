import type { AgentReport } from "../schemas/results.ts";
import { type GroupDeps, nowSeconds } from "./group-deps.ts";
import type { StoredGroup } from "./group-store.ts";
import { moveGroup } from "./move-group.ts";

/**
 * Completes a running group once every agent has reported on its run. Called when a report
 * arrives, when the run has just been dispatched (the agents of a very short run can report
 * before the service has marked the group running) and by the reconciler (a report stored just
 * before the service was killed). A run in which no agent could measure anything (every report
 * `failed`) fails the group with the agents' sentences; one that ended early completes with
 * `partial results: ...` naming why.
 */
export function completeIfAllReported(
  deps: Pick<GroupDeps, "store" | "clock" | "log">,
  group: StoredGroup,
  runId: string,
): void {
  if (group.state !== "running") return;
  const reports = deps.store.reports(group.benchmark_id, runId);
  if (reports.length < group.nodes) return;
  const finished = { finished_at: nowSeconds(deps.clock) };
  if (reports.every((r) => r.failed)) {
    moveGroup(deps, group, "failed", reasonsOf(reports, group.nodes), finished);
    return;
  }
  const partial = reports.filter((r) => r.partial);
  const reason = partial.length > 0 ? `partial results: ${reasonsOf(partial, group.nodes)}` : null;
  moveGroup(deps, group, "completed", reason, finished);
}

/**
 * Marks a `ready` group running when an agent reports on the run the group was dispatching: the
 * service was stopped after it told the agents but before it stored the move, or a fast agent
 * reported before the dispatch finished (the dispatch's own move then finds the group running).
 */
export function adoptRun(
  deps: Pick<GroupDeps, "store" | "clock" | "log">,
  group: StoredGroup,
  runId: string,
): void {
  if (group.state !== "ready" || group.run_id !== runId) return;
  moveGroup(deps, group, "running", `agents are running run ${runId}`, {
    started_at: nowSeconds(deps.clock),
  });
}

/** The agents' reasons, each once; followed by the tasks that gave it when the group has several. */
function reasonsOf(reports: readonly AgentReport[], nodes: number): string {
  const tasks = new Map<string, number[]>();
  for (const report of reports) {
    const why = report.reason ?? "stopped early";
    tasks.set(why, [...(tasks.get(why) ?? []), report.task_index]);
  }
  return [...tasks]
    .map(([why, which]) =>
      nodes > 1 ? `${why} (task${which.length > 1 ? "s" : ""} ${which.join(", ")})` : why,
    )
    .join("; ");
}
