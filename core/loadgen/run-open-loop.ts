import { clientsForTask } from "../config/job-environment.ts";
import type { LoadSpec } from "../schemas/load-spec.ts";
import { type ArrivalPattern, arrivalSchedule } from "./arrival-schedule.ts";
import type { RequestRecord } from "./measure-request.ts";
import type { RandomSource } from "./seeded-random.ts";

/** One agent's part of an open-loop run. Times are milliseconds. */
export type OpenLoopPlan = {
  pattern: ArrivalPattern;
  /** This agent's share of the group's rate. */
  ratePerS: number;
  burstiness: number;
  /** This agent's request budget (sent and skipped alike); null: the duration ends the run. */
  requests: number | null;
  durationMs: number | null;
  warmupMs: number;
  rampUpMs: number;
  maxInFlight: number;
  prompts: readonly string[];
  /** Seeds this agent's arrival times. */
  seed: number;
};

export type OpenLoopDeps = {
  /** Sends one prompt and measures it; must not throw, and must take its send time at once. */
  send(prompt: string, intendedAtMs: number): Promise<RequestRecord>;
  /** Monotonic milliseconds. */
  now(): number;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Called with each finished request that was not cut short by the agent itself. */
  onRecord(record: RequestRecord): void;
  /** Uniform numbers for the arrival times, seeded with `plan.seed`. */
  random: RandomSource;
};

/** How the schedule went, warm-up left out. */
export type OpenLoopOutcome = {
  /** Due while `maxInFlight` requests were open: skipped, not delayed. */
  notSent: number;
  /** From the end of the warm-up to the end of the schedule. */
  windowMs: number;
};

/**
 * This agent's share of an open-loop spec: `rate / numTasks` requests/s, its share of
 * `load.requests` (or, without a budget or a duration, one request per virtual client, as the
 * closed loop). Agent i of a seeded spec uses `seed + i`; unseeded specs take `fallbackSeed`.
 */
export function planOpenLoop(
  spec: LoadSpec,
  share: { clients: number; taskIndex: number; numTasks: number },
  fallbackSeed: number,
): OpenLoopPlan {
  const { load, workload } = spec;
  if (load.pattern === "closed" || load.rate === undefined) {
    throw new Error("planOpenLoop needs an open-loop pattern with a rate");
  }
  let requests: number | null;
  if (load.requests !== undefined) {
    requests = clientsForTask(load.requests, share.taskIndex, share.numTasks);
  } else {
    requests = load.duration_s === undefined ? share.clients : null;
  }
  return {
    pattern: load.pattern,
    ratePerS: load.rate / share.numTasks,
    burstiness: load.burstiness,
    requests,
    durationMs: load.duration_s === undefined ? null : load.duration_s * 1000,
    warmupMs: load.warmup_s * 1000,
    rampUpMs: load.ramp_up_s * 1000,
    maxInFlight: load.max_in_flight,
    prompts: workload.prompts,
    seed: load.seed === undefined ? fallbackSeed >>> 0 : (load.seed + share.taskIndex) >>> 0,
  };
}

/**
 * Sends requests at their intended times whatever the server does: sleeps until each arrival
 * of the schedule (never spins), fires it without waiting for earlier ones, and passes its
 * intended time along so latency can also be measured from it. The only brake is
 * `maxInFlight`: an arrival due while that many requests are open is skipped and counted, not
 * delayed. Ends at the request budget, the duration or `signal`, then waits for the requests
 * still open (a stop aborts them through the same signal in `send`).
 */
export async function runOpenLoop(
  deps: OpenLoopDeps,
  plan: OpenLoopPlan,
  signal: AbortSignal,
): Promise<OpenLoopOutcome> {
  const schedule = arrivalSchedule(plan, deps.random);
  const startedAt = deps.now();
  const open = new Set<Promise<void>>();
  let slots = 0;
  let notSent = 0;
  let lastOffset = 0;
  let endMs: number | null = null;

  while (plan.requests === null || slots < plan.requests) {
    const offset = schedule.next().value;
    if (plan.durationMs !== null && offset >= plan.durationMs) {
      endMs = plan.durationMs;
      break;
    }
    // Timers may fire up to a millisecond early: sleep again for the rest, never send early.
    for (let wait = startedAt + offset - deps.now(); wait > 0 && !signal.aborted; ) {
      await deps.sleep(wait, signal);
      wait = startedAt + offset - deps.now();
    }
    if (signal.aborted) {
      endMs = deps.now() - startedAt;
      break;
    }
    slots += 1;
    lastOffset = offset;
    const warmup = offset < plan.warmupMs;
    if (open.size >= plan.maxInFlight) {
      if (!warmup) notSent += 1;
      continue;
    }
    const prompt = plan.prompts[(slots - 1) % plan.prompts.length] as string;
    const request: Promise<void> = deps.send(prompt, startedAt + offset).then((record) => {
      open.delete(request);
      if (record.cancelled) return;
      record.warmup = warmup;
      deps.onRecord(record);
    });
    open.add(request);
  }
  // A budget ends one mean gap after its last arrival, so n requests at rate r span n / r.
  endMs ??= lastOffset + 1000 / plan.ratePerS;
  await Promise.all(open);
  return { notSent, windowMs: Math.max(endMs - plan.warmupMs, 0) };
}
