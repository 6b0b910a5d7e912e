import { describe, expect, test } from "bun:test";
import { createLatencyModel, mulberry32 } from "../../../mock-ai/latency-model.ts";

const draw = (model: { ttft(): number; itl(): number }, n: number) => [
  model.ttft(),
  ...Array.from({ length: n }, () => model.itl()),
];

describe("latency model", () => {
  test("mulberry32 repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(first).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(first[0]).toBeCloseTo(0.6011037519, 9);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThan(1);
    expect(new Set(first).size).toBe(1000);
  });

  test("without jitter the delays are exactly as configured and no number is drawn", () => {
    let draws = 0;
    const model = createLatencyModel({ ttftMs: 50, itlMs: 5, jitterMs: 0 }, () => {
      draws++;
      return 0.5;
    });
    expect(draw(model, 3)).toEqual([50, 5, 5, 5]);
    expect(draws).toBe(0);
  });

  test("jitter moves every delay within +-jitter, the same way for the same seed", () => {
    const delays = { ttftMs: 50, itlMs: 20, jitterMs: 10 };
    const one = draw(createLatencyModel(delays, mulberry32(7)), 200);
    const again = draw(createLatencyModel(delays, mulberry32(7)), 200);
    const other = draw(createLatencyModel(delays, mulberry32(8)), 200);
    expect(one).toEqual(again);
    expect(one).not.toEqual(other);
    expect(one[0]).toBeGreaterThanOrEqual(40);
    expect(one[0]).toBeLessThanOrEqual(60);
    const itls = one.slice(1);
    expect(Math.min(...itls)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...itls)).toBeLessThanOrEqual(30);
    expect(new Set(itls).size).toBeGreaterThan(150);
  });

  test("jitter larger than a delay never makes it negative", () => {
    const model = createLatencyModel({ ttftMs: 1, itlMs: 1, jitterMs: 100 }, () => 0);
    expect(draw(model, 2)).toEqual([0, 0, 0]);
  });
});
