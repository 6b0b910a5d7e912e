import { describe, expect, test } from "bun:test";
import { gammaDraw, normalDraw, seededRandom } from "../../../core/loadgen/seeded-random.ts";

describe("seededRandom", () => {
  test("a seed always gives the same numbers, all in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });

  test("is uniform: mean 1/2 and each tenth holds a tenth", () => {
    const random = seededRandom(1);
    const n = 100_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const x = random();
      sum += x;
      bins[Math.floor(x * 10)] += 1;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(400);
  });

  test("normal and gamma draws have the moments they should", () => {
    const random = seededRandom(5);
    const normals = Array.from({ length: 50_000 }, () => normalDraw(random));
    const mean = normals.reduce((s, x) => s + x, 0) / normals.length;
    const variance = normals.reduce((s, x) => s + (x - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    const gammas = Array.from({ length: 50_000 }, () => gammaDraw(random, 0.5, 4));
    const gammaMean = gammas.reduce((s, x) => s + x, 0) / gammas.length;
    expect(Math.abs(gammaMean - 2) / 2).toBeLessThan(0.03); // mean = shape · scale
    expect(gammas.every((x) => x > 0)).toBe(true);
  });
});
