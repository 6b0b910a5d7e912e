import { clientsForTask } from "../config/job-environment.ts";
import type { LoadSpec } from "../schemas/load-spec.ts";
import type { RequestRecord } from "./measure-request.ts";

/** One agent's part of a closed-loop run. Times are milliseconds. */
export type ClosedLoopPlan = {
  /** This agent's virtual clients. */
  clients: number;
  /** This agent's request budget; null: no budget, the duration ends the run. */
  requests: number | null;
  durationMs: number | null;
  warmupMs: number;
  rampUpMs: number;
  prompts: readonly string[];
};

export type ClosedLoopDeps = {
  /** Sends one prompt and measures it; must not throw. */
  send(prompt: string, intendedAtMs: number): Promise<RequestRecord>;
  /** Monotonic milliseconds. */
  now(): number;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Called with each finished request that was not cut short by the agent itself. */
  onRecord(record: RequestRecord): void;
};

/**
 * This agent's share of the spec's load. `load.requests` is split across the job's tasks as
 * clients are; without it each virtual client sends exactly one request (the original client's
 * behaviour), unless `load.duration_s` is given, in which case the clients loop until it ends.
 */
export function planClosedLoop(
  spec: LoadSpec,
  share: { clients: number; taskIndex: number; numTasks: number },
): ClosedLoopPlan {
  const { load, workload } = spec;
  let requests: number | null;
  if (load.requests !== undefined) {
    requests = clientsForTask(load.requests, share.taskIndex, share.numTasks);
  } else {
    requests = load.duration_s === undefined ? share.clients : null;
  }
  return {
    clients: share.clients,
    requests,
    durationMs: load.duration_s === undefined ? null : load.duration_s * 1000,
    warmupMs: load.warmup_s * 1000,
    rampUpMs: load.ramp_up_s * 1000,
    prompts: workload.prompts,
  };
}

/**
 * Runs N virtual clients, each sending its next prompt (round-robin over the prompts, shared by
 * the clients) as soon as its previous answer is in, until its share of the request budget is
 * spent, the duration has passed or `signal` aborts. Client starts are spread evenly over the ramp-up;
 * requests that start inside the warm-up window are marked `warmup`. Every record not cut short
 * by the agent itself goes to `onRecord`; none is kept here, so memory stays flat.
 */
export async function runClosedLoop(
  deps: ClosedLoopDeps,
  plan: ClosedLoopPlan,
  signal: AbortSignal,
): Promise<void> {
  const startedAt = deps.now();
  let next = 0;

  const mayStart = (remaining: number | null) => {
    if (signal.aborted) return false;
    if (plan.durationMs !== null && deps.now() - startedAt >= plan.durationMs) return false;
    return remaining === null || remaining > 0;
  };

  const client = async (index: number) => {
    // Each client owns its share of the budget, so a client that started early (or runs fast)
    // never takes the requests of one still ramping up.
    let remaining =
      plan.requests === null ? null : clientsForTask(plan.requests, index, plan.clients);
    const delay = (index * plan.rampUpMs) / plan.clients;
    if (delay > 0) await deps.sleep(delay, signal);
    while (mayStart(remaining)) {
      if (remaining !== null) remaining -= 1;
      const prompt = plan.prompts[next % plan.prompts.length] as string;
      next += 1;
      const intendedAt = deps.now();
      const warmup = intendedAt - startedAt < plan.warmupMs;
      const record = await deps.send(prompt, intendedAt);
      if (record.cancelled) continue;
      record.warmup = warmup;
      deps.onRecord(record);
    }
  };

  await Promise.all(Array.from({ length: plan.clients }, (_, index) => client(index)));
}
