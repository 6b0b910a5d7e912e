import { describe, expect, test } from "bun:test";
import { abortableSleep } from "../../../core/loadgen/abortable-sleep.ts";
import type { RequestRecord } from "../../../core/loadgen/measure-request.ts";
import {
  type OpenLoopPlan,
  planOpenLoop,
  runOpenLoop,
} from "../../../core/loadgen/run-open-loop.ts";
import { seededRandom } from "../../../core/loadgen/seeded-random.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import { fakeRecord } from "./fake-record.ts";

/**
 * A world on virtual time: `sleep` moves the clock (no real waiting), `send` notes when it was
 * called and answers only when the test releases it (or at once, when nothing is held).
 */
function virtualWorld(options: { hold?: boolean } = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const sent: Array<{ prompt: string; intended: number; at: number }> = [];
  const held: Array<() => void> = [];
  const records: RequestRecord[] = [];
  const deps = {
    now: () => now,
    async sleep(ms: number, signal: AbortSignal) {
      sleeps.push(ms);
      await Promise.resolve();
      if (!signal.aborted) now += ms;
    },
    send(prompt: string, intended: number): Promise<RequestRecord> {
      sent.push({ prompt, intended, at: now });
      const record = fakeRecord({ intended_at_ms: intended, sent_at_ms: now });
      if (!options.hold) return Promise.resolve(record);
      return new Promise((resolve) => held.push(() => resolve(record)));
    },
    onRecord: (record: RequestRecord): void => {
      records.push(record);
    },
    random: seededRandom(1),
  };
  const release = () => {
    for (const answer of held.splice(0)) answer();
  };
  return { deps, sent, sleeps, records, release, at: () => now };
}

function plan(overrides: Partial<OpenLoopPlan> = {}): OpenLoopPlan {
  return {
    pattern: "constant",
    ratePerS: 100,
    burstiness: 1,
    requests: 5,
    durationMs: null,
    warmupMs: 0,
    rampUpMs: 0,
    maxInFlight: 10_000,
    prompts: ["a", "b"],
    seed: 1,
    ...overrides,
  };
}

const signal = () => new AbortController().signal;

describe("runOpenLoop", () => {
  test("each request goes at its intended time, without waiting for earlier answers", async () => {
    const world = virtualWorld({ hold: true });
    const running = runOpenLoop(world.deps, plan(), signal());
    await Bun.sleep(5);
    // All five are out and none has been answered.
    expect(world.sent.map((s) => s.intended)).toEqual([0, 10, 20, 30, 40]);
    expect(world.sent.map((s) => s.at)).toEqual([0, 10, 20, 30, 40]);
    expect(world.sent.map((s) => s.prompt)).toEqual(["a", "b", "a", "b", "a"]);
    expect(world.records).toHaveLength(0);
    world.release();
    const outcome = await running;
    expect(world.records).toHaveLength(5);
    expect(outcome).toEqual({ notSent: 0, windowMs: 50 });
  });

  test("it sleeps until each arrival, once per arrival, never spinning", async () => {
    const world = virtualWorld();
    await runOpenLoop(world.deps, plan({ requests: 20 }), signal());
    expect(world.sleeps).toHaveLength(19);
    for (const ms of world.sleeps) expect(ms).toBeCloseTo(10, 9);
  });

  test("at the max_in_flight cap a due request is skipped and counted, the rest not delayed", async () => {
    const world = virtualWorld({ hold: true });
    const running = runOpenLoop(world.deps, plan({ maxInFlight: 2 }), signal());
    await Bun.sleep(5);
    expect(world.sent.map((s) => s.at)).toEqual([0, 10]);
    world.release();
    const outcome = await running;
    expect(outcome.notSent).toBe(3);
    expect(world.at()).toBe(40);
  });

  test("a duration ends the schedule; warm-up requests are marked and left out of the window", async () => {
    const world = virtualWorld();
    const outcome = await runOpenLoop(
      world.deps,
      plan({ requests: null, durationMs: 1000, warmupMs: 200 }),
      signal(),
    );
    expect(world.sent).toHaveLength(100);
    expect(world.records.filter((r) => r.warmup)).toHaveLength(20);
    expect(world.records.filter((r) => r.warmup).every((r) => r.intended_at_ms < 200)).toBe(true);
    expect(outcome.windowMs).toBe(800);
  });

  test("a request budget spans n / rate", async () => {
    const world = virtualWorld();
    const outcome = await runOpenLoop(world.deps, plan({ requests: 10, ratePerS: 20 }), signal());
    expect(outcome.windowMs).toBeCloseTo(500, 9);
  });

  test("aborting stops the schedule at once and waits for the open requests", async () => {
    const world = virtualWorld();
    const stop = new AbortController();
    world.deps.onRecord = (record) => {
      world.records.push(record);
      if (world.records.length === 3) stop.abort();
    };
    const outcome = await runOpenLoop(world.deps, plan({ requests: null }), stop.signal);
    expect(world.sent.length).toBeLessThanOrEqual(4);
    expect(outcome.windowMs).toBe(world.at());
  });

  test("cancelled requests (the agent's own stop) are not recorded", async () => {
    const world = virtualWorld();
    const send = world.deps.send;
    world.deps.send = async (prompt, intended) => ({
      ...(await send(prompt, intended)),
      cancelled: true,
    });
    await runOpenLoop(world.deps, plan(), signal());
    expect(world.sent).toHaveLength(5);
    expect(world.records).toHaveLength(0);
  });

  test("on real timers a steady 200/s keeps to the schedule within a few milliseconds", async () => {
    const lags: number[] = [];
    const outcome = await runOpenLoop(
      {
        now: () => performance.now(),
        sleep: abortableSleep,
        random: seededRandom(3),
        send: async (_, intended) => {
          const at = performance.now();
          lags.push(at - intended);
          return fakeRecord({ intended_at_ms: intended, sent_at_ms: at });
        },
        onRecord: () => undefined,
      },
      plan({ requests: 60, ratePerS: 200 }),
      signal(),
    );
    expect(lags).toHaveLength(60);
    const sorted = [...lags].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(5);
    expect(sorted[0]).toBeGreaterThanOrEqual(-1);
    expect(outcome.windowMs).toBeCloseTo(300, 9);
  });
});

describe("planOpenLoop", () => {
  const spec = (load: Record<string, unknown>) =>
    LoadSpec.parse({ load: { pattern: "poisson", rate: 90, ...load } });

  test("each agent takes rate / nodes and its share of the budget", () => {
    const plans = [0, 1, 2].map((taskIndex) =>
      planOpenLoop(spec({ requests: 10 }), { clients: 2, taskIndex, numTasks: 3 }, 0),
    );
    expect(plans.map((p) => p.ratePerS)).toEqual([30, 30, 30]);
    expect(plans.map((p) => p.requests)).toEqual([4, 3, 3]);
  });

  test("without a budget or a duration each virtual client sends one request", () => {
    expect(planOpenLoop(spec({}), { clients: 7, taskIndex: 0, numTasks: 1 }, 0).requests).toBe(7);
    const timed = planOpenLoop(
      spec({ duration_s: 2 }),
      { clients: 7, taskIndex: 0, numTasks: 1 },
      0,
    );
    expect(timed).toMatchObject({ requests: null, durationMs: 2000, maxInFlight: 10_000 });
  });

  test("a seeded spec gives agent i seed + i; an unseeded one the fallback", () => {
    const share = (taskIndex: number) => ({ clients: 1, taskIndex, numTasks: 2 });
    expect(planOpenLoop(spec({ seed: 40 }), share(1), 7).seed).toBe(41);
    expect(planOpenLoop(spec({}), share(1), 7).seed).toBe(7);
  });

  test("a closed-loop spec has no open-loop plan", () => {
    expect(() =>
      planOpenLoop(LoadSpec.parse({}), { clients: 1, taskIndex: 0, numTasks: 1 }, 0),
    ).toThrow();
  });
});
