import { type GroupDeps, nowSeconds } from "./group-deps.ts";
import type { StoredGroup } from "./group-store.ts";
import { moveGroup } from "./move-group.ts";

/**
 * Completes a running group once every agent has reported on its run. Called when a report
 * arrives and when the run has just been dispatched: the agents of a very short run can report
 * before the service has marked the group running.
 */
export function completeIfAllReported(
  deps: Pick<GroupDeps, "store" | "clock" | "log">,
  group: StoredGroup,
  runId: string,
): void {
  if (group.state !== "running") return;
  const reports = deps.store.reports(group.benchmark_id, runId);
  if (reports.length < group.nodes) return;
  const partial = reports.find((r) => r.partial);
  const reason = partial ? `partial results: ${partial.reason ?? "stopped early"}` : null;
  moveGroup(deps, group, "completed", reason, { finished_at: nowSeconds(deps.clock) });
}
