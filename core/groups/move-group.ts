import type { GroupState } from "../schemas/group.ts";
import type { GroupDeps } from "./group-deps.ts";
import { nowSeconds } from "./group-deps.ts";
import { canMove } from "./group-lifecycle.ts";
import type { StoredGroup } from "./group-store.ts";

/**
 * Moves a group along its lifecycle if the move is allowed, storing the transition with its
 * time and reason. Returns false (and changes nothing) for a move the lifecycle forbids, so
 * a late or repeated event can never drag a group backwards.
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
  deps.store.moveGroup(group.benchmark_id, to, at, reason, extra);
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
