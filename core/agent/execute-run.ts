import type { FetchFn } from "../loadgen/fetch-fn.ts";
import { measureRequest, type RequestRecord } from "../loadgen/measure-request.ts";
import { resolveRequestTarget } from "../loadgen/request-target.ts";
import { planClosedLoop, runClosedLoop } from "../loadgen/run-closed-loop.ts";
import type { Logger } from "../log.ts";
import type { ObserverNotifier } from "../observers/observer-notifier.ts";
import type { AgentRunRequest } from "../schemas/agent.ts";

export type RunDeps = {
  /** Reaches the AI server. */
  fetch: FetchFn;
  /** Monotonic milliseconds. */
  monotonic: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  log: Logger;
  notifier: ObserverNotifier;
  benchmarkId: number;
  taskIndex: number;
  numTasks: number;
  /** This agent's virtual clients. */
  clients: number;
};

/** Live totals of a run, every finished request counted (warm-up included). */
export type RunCounters = { completed: number; failed: number };

export type RunOutcome = {
  records: RequestRecord[];
  /** Why the run could not start (e.g. the AI Factory service was refused); null when it ran. */
  failure: string | null;
};

/**
 * Runs one load request on this agent: resolves the target (creating an AI Factory service when
 * asked), runs the virtual clients until the plan or `signal` ends them, counts every finished
 * request into `counters` and tells the observers about it. Never rejects for a server's fault.
 */
export async function executeRun(
  deps: RunDeps,
  request: AgentRunRequest,
  signal: AbortSignal,
  counters: RunCounters,
): Promise<RunOutcome> {
  const { spec } = request;
  const resolved = await resolveRequestTarget(deps.fetch, request.base_url, spec, signal);
  if (!resolved.ok) {
    deps.log.warn("run_target_failed", { benchmark_id: deps.benchmarkId, detail: resolved.detail });
    return { records: [], failure: resolved.detail };
  }
  if (spec.load.pattern !== "closed") {
    deps.log.info("open_loop_not_available", {
      benchmark_id: deps.benchmarkId,
      pattern: spec.load.pattern,
      detail: "open-loop patterns are not implemented yet; running a closed loop instead",
    });
  }
  const plan = planClosedLoop(spec, {
    clients: deps.clients,
    taskIndex: deps.taskIndex,
    numTasks: deps.numTasks,
  });
  const timeoutMs = spec.load.timeout_s * 1000;
  const target = resolved.target;
  const records = await runClosedLoop(
    {
      send: (prompt, intendedAtMs) =>
        measureRequest({ fetch: deps.fetch, now: deps.monotonic }, target, prompt, {
          timeoutMs,
          signal,
          intendedAtMs,
        }),
      now: deps.monotonic,
      sleep: deps.sleep,
      onRecord(record) {
        if (record.ok) counters.completed += 1;
        else counters.failed += 1;
        if (!record.ok) {
          deps.log.debug("request_failed", { error: record.error, detail: record.detail });
        }
        deps.notifier.notify({
          benchmark_id: deps.benchmarkId,
          task_index: deps.taskIndex,
          run_id: request.run_id,
          request: {
            ok: record.ok,
            error: record.error,
            ttft_ms: record.ttft_ms,
            e2e_ms: record.e2e_ms,
            output_tokens: record.output_tokens,
          },
          totals: { ...counters },
        });
      },
    },
    plan,
    signal,
  );
  return { records, failure: null };
}
