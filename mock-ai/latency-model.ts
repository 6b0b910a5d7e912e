/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence of numbers in
 * [0, 1), so jitter and injected faults repeat from run to run. `mulberry32(42)()` → 0.6011…
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type LatencyModel = {
  /** Milliseconds from the request to the first token. */
  ttft(): number;
  /** Milliseconds between two tokens. */
  itl(): number;
};

/**
 * Delays for generated tokens: a fixed time to first token and inter-token latency, each
 * moved by a uniform ±`jitterMs` drawn from `random` and never below zero. Without jitter no
 * random number is drawn, so the caller's sequence is left for fault injection.
 */
export function createLatencyModel(
  delays: { ttftMs: number; itlMs: number; jitterMs: number },
  random: () => number,
): LatencyModel {
  const { ttftMs, itlMs, jitterMs } = delays;
  const jittered = (base: number) => Math.max(0, base + (random() * 2 - 1) * jitterMs);
  if (jitterMs === 0) return { ttft: () => ttftMs, itl: () => itlMs };
  return { ttft: () => jittered(ttftMs), itl: () => jittered(itlMs) };
}
