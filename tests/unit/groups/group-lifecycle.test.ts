import { describe, expect, test } from "bun:test";
import { canMove, isFinal } from "../../../core/groups/group-lifecycle.ts";
import { GROUP_STATES } from "../../../core/schemas/group.ts";

describe("group lifecycle", () => {
  test("the happy path is allowed step by step", () => {
    const path = ["submitted", "queued", "starting", "ready", "running", "completed"] as const;
    for (let i = 1; i < path.length; i++)
      expect(canMove(path[i - 1] as never, path[i] as never)).toBe(true);
  });

  test("final states never move and no state moves backwards", () => {
    for (const from of GROUP_STATES) {
      for (const to of GROUP_STATES) {
        if (isFinal(from)) expect(canMove(from, to)).toBe(false);
        if (GROUP_STATES.indexOf(to) <= GROUP_STATES.indexOf(from) && !isFinal(to)) {
          expect(canMove(from, to)).toBe(false);
        }
      }
    }
  });

  test("every unfinished state can fail or be cancelled", () => {
    for (const from of GROUP_STATES.filter((s) => !isFinal(s))) {
      expect(canMove(from, "failed")).toBe(true);
      expect(canMove(from, "cancelled")).toBe(true);
    }
  });
});
