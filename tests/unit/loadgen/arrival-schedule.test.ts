import { describe, expect, test } from "bun:test";
import {
  type ArrivalOptions,
  arrivalSchedule,
  rampedTimeMs,
} from "../../../core/loadgen/arrival-schedule.ts";
import { seededRandom } from "../../../core/loadgen/seeded-random.ts";

const N = 20_000;

function times(options: Partial<ArrivalOptions>, n: number, seed = 12345): number[] {
  const schedule = arrivalSchedule(
    { pattern: "poisson", ratePerS: 100, burstiness: 1, rampUpMs: 0, ...options },
    seededRandom(seed),
  );
  return Array.from({ length: n }, () => schedule.next().value);
}

function gapsOf(ts: number[]): number[] {
  return ts.slice(1).map((t, i) => t - (ts[i] as number));
}

function meanAndCv(xs: number[]) {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, cv: Math.sqrt(variance) / mean };
}

describe("arrivalSchedule", () => {
  test("constant: the first request at 0, then exactly 1/rate apart", () => {
    const ts = times({ pattern: "constant", ratePerS: 8 }, 100);
    expect(ts[0]).toBe(0);
    for (const [i, t] of ts.entries()) expect(t).toBeCloseTo(i * 125, 9);
  });

  test("poisson: mean rate and exponential gaps (CV ≈ 1, P(gap > mean) ≈ 1/e)", () => {
    const gaps = gapsOf(times({ pattern: "poisson", ratePerS: 50 }, N + 1));
    const { mean, cv } = meanAndCv(gaps);
    // Standard errors for n = 20 000: mean 0.7 %, CV 1 %, tail fraction 0.34 points.
    expect(Math.abs(mean - 20) / 20).toBeLessThan(0.03);
    expect(Math.abs(cv - 1)).toBeLessThan(0.05);
    const above = gaps.filter((g) => g > 20).length / gaps.length;
    expect(Math.abs(above - Math.exp(-1))).toBeLessThan(0.015);
  });

  test("gamma: mean gap 1/rate and CV ≈ 1/sqrt(burstiness), bursty and regular", () => {
    for (const burstiness of [0.25, 1, 4]) {
      const gaps = gapsOf(times({ pattern: "gamma", ratePerS: 200, burstiness }, N + 1, 99));
      const { mean, cv } = meanAndCv(gaps);
      expect(Math.abs(mean - 5) / 5).toBeLessThan(0.04);
      const expected = 1 / Math.sqrt(burstiness);
      expect(Math.abs(cv - expected) / expected).toBeLessThan(0.06);
    }
  });

  test("the same seed gives the same schedule; another seed another one", () => {
    expect(times({}, 50, 7)).toEqual(times({}, 50, 7));
    expect(times({}, 50, 7)).not.toEqual(times({}, 50, 8));
  });

  test("ramp-up: the rate climbs linearly from 0, then holds", () => {
    // Constant 100/s over a 1 s ramp: r·t²/2T arrivals by t, i.e. 50 in the ramp, then 10 ms apart.
    const ts = times({ pattern: "constant", ratePerS: 100, rampUpMs: 1000 }, 200);
    const inRamp = ts.filter((t) => t < 1000 - 1e-9).length;
    expect(inRamp).toBe(50);
    expect(ts.filter((t) => t < 500).length).toBe(13); // 100·0.25/2 = 12.5 → arrivals 0 … 12
    const after = gapsOf(ts.filter((t) => t >= 1000));
    for (const gap of after) expect(gap).toBeCloseTo(10, 9);
    // Gaps shrink through the ramp: near t = 500 ms the rate is half, so gaps near 20 ms.
    const middle = gapsOf(ts).find((_, i) => (ts[i] as number) >= 490) as number;
    expect(middle).toBeGreaterThan(18);
    expect(middle).toBeLessThan(22);
  });

  test("poisson ramp-up: a quarter of the ramp's arrivals in its first half", () => {
    const ts = times({ pattern: "poisson", ratePerS: 2000, rampUpMs: 10_000 }, 30_000);
    const firstHalf = ts.filter((t) => t < 5000).length; // expected r·T/8 = 2500
    const secondHalf = ts.filter((t) => t >= 5000 && t < 10_000).length; // expected 3·r·T/8 = 7500
    expect(Math.abs(firstHalf - 2500)).toBeLessThan(4 * Math.sqrt(2500));
    expect(Math.abs(secondHalf - 7500)).toBeLessThan(4 * Math.sqrt(7500));
  });
});

describe("rampedTimeMs", () => {
  test("is the inverse of the ramp's cumulative rate and continuous where the ramp ends", () => {
    expect(rampedTimeMs(123, 0)).toBe(123);
    expect(rampedTimeMs(0, 1000)).toBe(0);
    expect(rampedTimeMs(125, 1000)).toBeCloseTo(500, 9); // Λ(500) = 500²/2000 = 125
    expect(rampedTimeMs(500, 1000)).toBeCloseTo(1000, 9);
    expect(rampedTimeMs(500.000001, 1000)).toBeCloseTo(1000, 5);
    expect(rampedTimeMs(1500, 1000)).toBe(2000);
  });
});
