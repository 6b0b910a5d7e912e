import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { manualClock } from "../../../core/clock.ts";
import { GroupStore, type StoredGroup } from "../../../core/groups/group-store.ts";
import { moveGroup } from "../../../core/groups/move-group.ts";
import { memoryLogger } from "../../../core/log.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";

function world() {
  const store = new GroupStore(new Database(":memory:"));
  const { logger, lines } = memoryLogger();
  store.insertGroup({
    benchmark_id: 1,
    num_clients: 1,
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
  const copy = () => store.getGroup(1) as StoredGroup;
  return { deps: { store, clock: manualClock(), log: logger }, store, lines, copy };
}

describe("moveGroup", () => {
  test("a copy read before another call moved the group loses the move and is refreshed", () => {
    const { deps, store, lines, copy } = world();
    const stale = copy();
    expect(moveGroup(deps, copy(), "ready")).toBe(true);
    expect(moveGroup(deps, stale, "queued", "Priority")).toBe(false);
    expect(stale.state).toBe("ready");
    expect(store.getGroup(1)?.state).toBe("ready");
    expect(store.transitions(1).map((t) => t.state)).toEqual(["submitted", "ready"]);
    expect(lines.find((l) => l.event === "group_move_lost")).toMatchObject({
      from: "submitted",
      to: "queued",
      now: "ready",
    });
  });

  test("a move the lifecycle forbids changes nothing", () => {
    const { deps, store, copy } = world();
    const group = copy();
    moveGroup(deps, group, "ready");
    expect(moveGroup(deps, group, "starting")).toBe(false);
    expect(store.transitions(1).map((t) => t.state)).toEqual(["submitted", "ready"]);
  });
});
