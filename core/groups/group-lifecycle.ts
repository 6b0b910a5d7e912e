import type { GroupState } from "../schemas/group.ts";

/**
 * Which state may follow which. A group may skip forward (an agent can register before the
 * reconciler has seen the job start), never backward, and never leaves a final state.
 */
const NEXT: Record<GroupState, readonly GroupState[]> = {
  submitted: ["queued", "starting", "ready", "failed", "cancelled"],
  queued: ["starting", "ready", "failed", "cancelled"],
  starting: ["ready", "failed", "cancelled"],
  ready: ["running", "failed", "cancelled"],
  running: ["completed", "failed", "cancelled"],
  completed: [],
  failed: [],
  cancelled: [],
};

export const FINAL_STATES: ReadonlySet<GroupState> = new Set(["completed", "failed", "cancelled"]);

export function isFinal(state: GroupState): boolean {
  return FINAL_STATES.has(state);
}

export function canMove(from: GroupState, to: GroupState): boolean {
  return NEXT[from].includes(to);
}
