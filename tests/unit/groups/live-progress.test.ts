import { describe, expect, test } from "bun:test";
import { manualClock } from "../../../core/clock.ts";
import { LiveProgress, RATE_STALE_AFTER_MS } from "../../../core/groups/live-progress.ts";

describe("LiveProgress", () => {
  test("the group's rate is the sum of its agents' fresh rates for the current run", () => {
    const clock = manualClock();
    const live = new LiveProgress(clock);
    live.update(1, 0, "run-a", 10);
    live.update(1, 1, "run-a", 5);
    live.update(1, 2, "run-old", 100);
    live.update(2, 0, "run-a", 7);
    expect(live.rate(1, "run-a")).toBe(15);
    expect(live.rate(1, null)).toBe(0);
    clock.advance(RATE_STALE_AFTER_MS);
    live.update(1, 1, "run-a", 6);
    expect(live.rate(1, "run-a")).toBe(16);
    clock.advance(1);
    expect(live.rate(1, "run-a")).toBe(6);
    live.end(1, 1);
    expect(live.rate(1, "run-a")).toBe(0);
    live.forget(2);
    expect(live.rate(2, "run-a")).toBe(0);
  });
});
