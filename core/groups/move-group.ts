import type { GroupState } from "../schemas/group.ts";
import type { GroupDeps } from "./group-deps.ts";
import { nowSeconds } from "./group-deps.ts";
import { canMove } from "./group-lifecycle.ts";
import type { StoredGroup } from "./group-store.ts";

/**
 * Moves a group along its lifecycle if the move is allowed, storing the transition with its
 * time and reason. Returns false (and changes nothing) for a move the lifecycle forbids, so
 * a late or repeated event can never drag a group backwards. The move only happens if the
 * group is still in the state of the caller's copy: when something moved it meanwhile (during
 * an await), the copy is refreshed from the store and the answer is false, for the caller to
 * decide again on what is there now instead of overwriting it.
 */
export function moveGroup(
  deps: Pick<GroupDeps, "store" | "clock" | "log">,
  group: StoredGroup,
  to: GroupState,
  reason: string | null = null,
  extra: Partial<Pick<StoredGroup, "run_id" | "started_at" | "finished_at">> = {},
): boolean {
  if (!canMove(group.state, to)) return false;
  const at = nowSeconds(deps.clock);
  if (!deps.store.moveGroup(group.benchmark_id, group.state, to, at, reason, extra)) {
    const now = deps.store.getGroup(group.benchmark_id);
    deps.log.info("group_move_lost", {
      benchmark_id: group.benchmark_id,
      job_id: group.job_id,
      from: group.state,
      to,
      now: now?.state ?? "deleted",
    });
    if (now) Object.assign(group, now);
    return false;
  }
  deps.log.info("group_state", {
    benchmark_id: group.benchmark_id,
    job_id: group.job_id,
    from: group.state,
    to,
    reason,
  });
  group.state = to;
  group.reason = reason;
  return true;
}
