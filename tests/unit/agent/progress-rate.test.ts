import { describe, expect, test } from "bun:test";
import { progressRate } from "../../../core/agent/progress-rate.ts";

describe("progressRate", () => {
  test("requests per second over the last window, from the totals at each tick", () => {
    let now = 0;
    const rate = progressRate(() => now, 5000);
    expect(rate(0)).toBe(0);
    now = 1000;
    expect(rate(50)).toBe(50);
    now = 2000;
    expect(rate(150)).toBe(75); // 150 over 2 s
    for (let s = 3; s <= 10; s += 1) {
      now = s * 1000;
      rate(150 + (s - 2) * 10); // 10/s from here on
    }
    now = 11_000;
    // The window now starts at 6 s (total 190): (240 − 190) / 5 s.
    expect(rate(240)).toBe(10);
  });

  test("a run that stalls drops to zero once the window has passed", () => {
    let now = 0;
    const rate = progressRate(() => now, 2000);
    rate(0);
    now = 1000;
    rate(100);
    for (let s = 2; s <= 4; s += 1) {
      now = s * 1000;
      rate(100);
    }
    expect(rate(100)).toBe(0);
  });
});
