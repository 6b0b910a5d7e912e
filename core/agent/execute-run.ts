import { type Clock, systemClock } from "../clock.ts";
import type { FetchFn } from "../loadgen/fetch-fn.ts";
import { measureRequest, type RequestRecord } from "../loadgen/measure-request.ts";
import {
  DEFAULT_RECORDS_DIR,
  openRecordWriter,
  type RecordWriter,
  recordsPath,
  requestLine,
} from "../loadgen/record-writer.ts";
import { resolveRequestTarget } from "../loadgen/request-target.ts";
import { planClosedLoop, runClosedLoop } from "../loadgen/run-closed-loop.ts";
import { RunMetrics } from "../loadgen/run-metrics.ts";
import { planOpenLoop, runOpenLoop } from "../loadgen/run-open-loop.ts";
import { seededRandom } from "../loadgen/seeded-random.ts";
import { watchReachability } from "../loadgen/unreachable-target.ts";
import type { Logger } from "../log.ts";
import type { ObserverNotifier } from "../observers/observer-notifier.ts";
import type { AgentRunRequest } from "../schemas/agent.ts";
import type { LoadSpec } from "../schemas/load-spec.ts";

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
  /** Where `load.records` files go (`<dir>/<benchmark_id>/<task>.jsonl`); default ./data/records. */
  recordsDir?: string | undefined;
  /** Wall time, to put unix times on the records; the system clock by default. */
  clock?: Clock | undefined;
  /** Seeds an open-loop schedule whose spec names no seed; random by default. */
  seed?: (() => number) | undefined;
  /**
   * How many fetches this process sends at once (Bun's `BUN_CONFIG_MAX_HTTP_REQUESTS`). An open
   * loop keeps its in-flight requests under it, less a reserve for the agent's own calls: a
   * request Bun queued would count the queue in its TTFT, so it is counted as not sent instead.
   */
  fetchLimit?: number | undefined;
};

/** Fetch slots kept free for progress, results and observer posts while an open loop runs. */
export const AGENT_FETCH_RESERVE = 32;

/** Live totals of a run, every finished request counted (warm-up included). */
export type RunCounters = { completed: number; failed: number };

export type RunOutcome = {
  metrics: RunMetrics;
  /**
   * Why nothing could be measured (the AI Factory service was refused, or the AI server refused
   * every connection); null when the server answered.
   */
  failure: string | null;
  /** The run's per-request records, when `load.records` asked for them and they were written. */
  recordsFile: string | null;
};

/** The outcome of a run that could not happen, with the sentence that says why. */
export function failedRun(spec: LoadSpec, failure: string): RunOutcome {
  return {
    metrics: new RunMetrics({ slo: spec.slo, openLoop: spec.load.pattern !== "closed" }),
    failure,
    recordsFile: null,
  };
}

const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] as number;

/**
 * Runs one load request on this agent: resolves the target (creating an AI Factory service when
 * asked), runs the closed loop or the open-loop schedule until the plan or `signal` ends it,
 * measures every finished request into the run's metrics (and its records file, when asked),
 * counts it into `counters` and tells the observers. A target that refuses every one of the
 * first requests ends the run early with a `failure` saying so. Never rejects for a server's fault.
 */
export async function executeRun(
  deps: RunDeps,
  request: AgentRunRequest,
  signal: AbortSignal,
  counters: RunCounters,
): Promise<RunOutcome> {
  const { spec } = request;
  const ids = { benchmark_id: deps.benchmarkId, task_index: deps.taskIndex };
  const resolved = await resolveRequestTarget(deps.fetch, request.base_url, spec, signal);
  if (!resolved.ok) {
    deps.log.warn("run_target_failed", { ...ids, detail: resolved.detail });
    return failedRun(spec, resolved.detail);
  }
  const openLoop = spec.load.pattern !== "closed";
  const metrics = new RunMetrics({ slo: spec.slo, openLoop });
  const wallAtStart = (deps.clock ?? systemClock).now();
  const monotonicAtStart = deps.monotonic();
  const toWallMs = (monotonicMs: number) => wallAtStart + (monotonicMs - monotonicAtStart);
  const writer = spec.load.records ? openWriter(deps, ids) : null;
  const timeoutMs = spec.load.timeout_s * 1000;
  const target = resolved.target;
  const share = { clients: deps.clients, taskIndex: deps.taskIndex, numTasks: deps.numTasks };
  const reachability = watchReachability(request.base_url);
  const unreachable = new AbortController();
  const runSignal = AbortSignal.any([signal, unreachable.signal]);

  const loopDeps = {
    send: (prompt: string, intendedAtMs: number) =>
      measureRequest({ fetch: deps.fetch, now: deps.monotonic }, target, prompt, {
        timeoutMs,
        signal: runSignal,
        intendedAtMs,
      }),
    now: deps.monotonic,
    sleep: deps.sleep,
    onRecord(record: RequestRecord) {
      if (record.ok) counters.completed += 1;
      else counters.failed += 1;
      if (!record.ok) {
        deps.log.debug("request_failed", { error: record.error, detail: record.detail });
      }
      metrics.add(record);
      if (reachability.observe(record)) unreachable.abort();
      writer?.write(requestLine(record, deps.taskIndex, toWallMs));
      deps.notifier.notify({
        ...ids,
        run_id: request.run_id,
        request: {
          ok: record.ok,
          error: record.error,
          ttft_ms: record.ttft_ms,
          e2e_ms: record.e2e_ms,
          output_tokens: record.output_tokens,
          warmup: record.warmup,
        },
        totals: { ...counters },
      });
    },
  };

  if (openLoop) {
    const planned = planOpenLoop(spec, share, (deps.seed ?? randomSeed)());
    const fetchSlots =
      deps.fetchLimit === undefined
        ? Number.POSITIVE_INFINITY
        : Math.max(deps.fetchLimit - AGENT_FETCH_RESERVE, 1);
    const plan = { ...planned, maxInFlight: Math.min(planned.maxInFlight, fetchSlots) };
    const outcome = await runOpenLoop(
      { ...loopDeps, random: seededRandom(plan.seed) },
      plan,
      runSignal,
    );
    if (outcome.notSent > 0 && plan.maxInFlight < planned.maxInFlight) {
      deps.log.warn("open_loop_fetch_limit", {
        ...ids,
        not_sent: outcome.notSent,
        detail: `${outcome.notSent} requests were not sent: ${plan.maxInFlight} were already in flight, the most this agent's fetch may send at once (BUN_CONFIG_MAX_HTTP_REQUESTS=${deps.fetchLimit}); start the agent with a higher BUN_CONFIG_MAX_HTTP_REQUESTS`,
      });
    }
    metrics.schedule = {
      pattern: plan.pattern,
      target_rate_per_s: plan.ratePerS,
      sent: metrics.sent,
      late: metrics.late,
      not_sent: outcome.notSent,
      window_s: outcome.windowMs / 1000,
    };
  } else {
    await runClosedLoop(loopDeps, planClosedLoop(spec, share), runSignal);
  }
  const recordsFile = writer ? await closeWriter(writer, deps.log, ids) : null;
  const failure = reachability.verdict(unreachable.signal.aborted);
  if (failure !== null) deps.log.warn("run_target_unreachable", { ...ids, detail: failure });
  return { metrics, failure, recordsFile };
}

/** The run goes on without records when their folder cannot be made; the log says why. */
function openWriter(deps: RunDeps, ids: Record<string, unknown>): RecordWriter | null {
  const path = recordsPath(
    deps.recordsDir ?? DEFAULT_RECORDS_DIR,
    deps.benchmarkId,
    deps.taskIndex,
  );
  try {
    return openRecordWriter(path);
  } catch (error) {
    deps.log.warn("records_write_failed", { ...ids, detail: `could not open ${path}: ${error}` });
    return null;
  }
}

async function closeWriter(
  writer: RecordWriter,
  log: Logger,
  ids: Record<string, unknown>,
): Promise<string | null> {
  const failure = await writer.close();
  if (failure === null) return writer.path;
  log.warn("records_write_failed", { ...ids, detail: failure });
  return null;
}
