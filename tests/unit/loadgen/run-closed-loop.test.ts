import { describe, expect, test } from "bun:test";
import { abortableSleep } from "../../../core/loadgen/abortable-sleep.ts";
import type { RequestRecord } from "../../../core/loadgen/measure-request.ts";
import {
  type ClosedLoopPlan,
  planClosedLoop,
  runClosedLoop,
} from "../../../core/loadgen/run-closed-loop.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import { fakeRecord } from "./fake-record.ts";

const now = () => performance.now();

/** A fake server: every request takes `ms`; remembers prompts and start times. */
function fakeSender(ms: number) {
  const sent: Array<{ prompt: string; at: number }> = [];
  const send = async (prompt: string, intendedAtMs: number): Promise<RequestRecord> => {
    sent.push({ prompt, at: intendedAtMs });
    await Bun.sleep(ms);
    return fakeRecord({ intended_at_ms: intendedAtMs, sent_at_ms: intendedAtMs });
  };
  return { sent, send };
}

function plan(overrides: Partial<ClosedLoopPlan>): ClosedLoopPlan {
  return {
    clients: 1,
    requests: 1,
    durationMs: null,
    warmupMs: 0,
    rampUpMs: 0,
    prompts: ["p"],
    ...overrides,
  };
}

async function run(p: ClosedLoopPlan, ms = 1, signal = new AbortController().signal) {
  const sender = fakeSender(ms);
  const records: RequestRecord[] = [];
  const started = now();
  await runClosedLoop(
    { send: sender.send, now, sleep: abortableSleep, onRecord: (r) => records.push(r) },
    p,
    signal,
  );
  return { records, sent: sender.sent, started, elapsed: now() - started };
}

describe("planClosedLoop", () => {
  test("without a request budget each virtual client sends exactly one request", () => {
    const p = planClosedLoop(LoadSpec.parse({}), { clients: 7, taskIndex: 0, numTasks: 1 });
    expect(p.requests).toBe(7);
    expect(p.durationMs).toBeNull();
  });

  test("a request budget is split across the tasks exactly", () => {
    const spec = LoadSpec.parse({ load: { requests: 10 } });
    const shares = [0, 1, 2].map(
      (taskIndex) => planClosedLoop(spec, { clients: 2, taskIndex, numTasks: 3 }).requests,
    );
    expect(shares).toEqual([4, 3, 3]);
  });

  test("a duration without a budget runs until the duration ends", () => {
    const spec = LoadSpec.parse({ load: { duration_s: 2, warmup_s: 0.5, ramp_up_s: 1 } });
    const p = planClosedLoop(spec, { clients: 3, taskIndex: 0, numTasks: 1 });
    expect(p).toMatchObject({ requests: null, durationMs: 2000, warmupMs: 500, rampUpMs: 1000 });
  });
});

describe("runClosedLoop", () => {
  test("one request per client by default", async () => {
    const spec = LoadSpec.parse({});
    const { records, sent } = await run(
      planClosedLoop(spec, { clients: 5, taskIndex: 0, numTasks: 1 }),
    );
    expect(records).toHaveLength(5);
    expect(sent).toHaveLength(5);
  });

  test("the budget is spent exactly, whatever the number of clients", async () => {
    const { records } = await run(plan({ clients: 3, requests: 10 }));
    expect(records).toHaveLength(10);
  });

  test("prompts are taken round-robin", async () => {
    const { sent } = await run(plan({ clients: 1, requests: 5, prompts: ["a", "b", "c"] }));
    expect(sent.map((s) => s.prompt)).toEqual(["a", "b", "c", "a", "b"]);
  });

  test("requests that start inside the warm-up are marked and the rest are not", async () => {
    const { records, started } = await run(plan({ requests: 12, warmupMs: 100 }), 20);
    const warm = records.filter((r) => r.warmup);
    const measured = records.filter((r) => !r.warmup);
    expect(warm.length).toBeGreaterThan(0);
    expect(measured.length).toBeGreaterThan(0);
    for (const r of warm) expect(r.intended_at_ms - started).toBeLessThan(100);
    for (const r of measured) expect(r.intended_at_ms - started).toBeGreaterThanOrEqual(99);
  });

  test("the ramp-up spreads client starts evenly", async () => {
    const { sent, started } = await run(plan({ clients: 4, requests: 4, rampUpMs: 300 }), 1);
    const offsets = sent.map((s) => s.at - started).sort((a, b) => a - b);
    [0, 75, 150, 225].forEach((expected, i) => {
      expect(offsets[i]).toBeGreaterThanOrEqual(expected - 5);
      expect(offsets[i]).toBeLessThan(expected + 60);
    });
  });

  test("a duration stops new requests once it has passed", async () => {
    const { records, elapsed } = await run(
      plan({ clients: 2, requests: null, durationMs: 150 }),
      20,
    );
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(600);
    expect(records.length).toBeGreaterThan(4);
  });

  test("aborting stops every client, and requests cut by the stop are not recorded", async () => {
    const stop = new AbortController();
    let calls = 0;
    const send = async (_: string, at: number) => {
      calls += 1;
      await abortableSleep(30, stop.signal);
      return fakeRecord({ intended_at_ms: at, cancelled: stop.signal.aborted });
    };
    setTimeout(() => stop.abort(), 100);
    const started = now();
    const records: RequestRecord[] = [];
    await runClosedLoop(
      { send, now, sleep: abortableSleep, onRecord: (r) => records.push(r) },
      plan({ clients: 3, requests: null, durationMs: null, rampUpMs: 10_000 }),
      stop.signal,
    );
    expect(now() - started).toBeLessThan(500);
    expect(records.every((r) => !r.cancelled)).toBe(true);
    expect(records.length).toBeLessThan(calls);
  });
});
