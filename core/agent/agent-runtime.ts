import type { Clock } from "../clock.ts";
import { conflict } from "../errors.ts";
import { buildAgentReport } from "../loadgen/agent-report.ts";
import type { MonitorProxy } from "../observers/monitor-proxy.ts";
import type { ObserverTarget } from "../observers/observer-notifier.ts";
import { createRequestWindow, type RequestWindow } from "../observers/request-window.ts";
import type { AgentPhase, AgentRunRequest, AgentStatus } from "../schemas/agent.ts";
import type { AgentReport } from "../schemas/results.ts";
import { createAgentMetrics } from "./agent-metrics.ts";
import { deliverResult } from "./deliver-result.ts";
import {
  executeRun,
  failedRun,
  type RunCounters,
  type RunDeps,
  type RunOutcome,
} from "./execute-run.ts";
import { progressRate } from "./progress-rate.ts";
import type { RecordsUploader } from "./records-upload.ts";
import type { ResultSpool } from "./result-spool.ts";
import type { ServiceClient } from "./service-client.ts";

export type AgentIdentity = {
  benchmark_id: number;
  task_index: number;
  num_tasks: number;
  /** This agent's share of the group's clients. */
  num_clients: number;
  server_addr: string;
  client_service_addr: string;
  local_address: string;
};

export type AgentRuntimeDeps = Omit<
  RunDeps,
  "benchmarkId" | "taskIndex" | "numTasks" | "clients" | "notifier"
> & {
  identity: AgentIdentity;
  /** The observers: told about every finished request, updated at their own intervals. */
  notifier: MonitorProxy;
  /** Wall time, for `created_at`, `started_at` and `finished_at` (reported in unix seconds). */
  clock: Clock;
  service: Pick<ServiceClient, "progress" | "uploadResults">;
  /** Uploads a run's per-request records after its report (runs with `load.records`). */
  records?: RecordsUploader;
  /** Keeps the report on local disk until the service has accepted it. */
  spool?: ResultSpool;
  /**
   * How long, from the end of the run, the report upload may keep retrying while the service is
   * away: until the job's time limit nears. Default 10 minutes.
   */
  uploadDeadlineMs?: () => number;
  progressIntervalMs?: number;
};

export type RunStarted = { status: "started"; run_id: string; num_clients: number };

/** The agent process's state and the only way to change it; the HTTP routes and `main` call it. */
export type AgentRuntime = {
  status(): AgentStatus;
  /** Starts the load in the background; a 409 AppError when a run is under way or done. */
  startRun(request: AgentRunRequest): RunStarted;
  /** A 409 AppError when the agent has as many observers as it takes. */
  addObserver(observer: ObserverTarget): void;
  /** Stops the run (its partial results are uploaded) or, when idle, ends the agent. */
  stop(reason: string): void;
  /** Resolves with the process's exit code once nothing is left to do. */
  finished: Promise<number>;
  /** The report of the run, once it was built. */
  lastReport(): AgentReport | null;
  /** The agent's Prometheus metrics, text format 0.0.4. */
  metricsText(): string;
};

type CurrentRun = {
  id: string;
  controller: AbortController;
  counters: RunCounters;
  stopReason: string | null;
};

/**
 * The agent's orchestration: one run per process (idle → running → stopping → done), live
 * counters, progress posted every `progressIntervalMs` (the latest counters, so a post missed
 * while the service is away is made good by the next), and at the end the report spooled to
 * disk and uploaded to the service, retrying until the deadline, after which `finished` resolves
 * (0 when the service took it). Everything it touches is passed in, so tests drive it without
 * processes.
 */
export function createAgentRuntime(deps: AgentRuntimeDeps): AgentRuntime {
  const { identity, log } = deps;
  const createdAt = deps.clock.now() / 1000;
  let phase: AgentPhase = "idle";
  let run: CurrentRun | null = null;
  let report: AgentReport | null = null;
  let resolveFinished: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    resolveFinished = resolve;
  });
  const ids = { benchmark_id: identity.benchmark_id, task_index: identity.task_index };
  const metrics = createAgentMetrics(ids);

  /** `live` sees every finished request, so each post carries the median TTFT so far. */
  const startProgress = (current: CurrentRun, live: RequestWindow) => {
    let posting = false;
    let failing = false;
    const rate = progressRate(deps.monotonic);
    const timer = setInterval(async () => {
      if (posting) return;
      posting = true;
      const { completed, failed } = current.counters;
      const ttftP50 = live.stats(0).ttft_ms.p50;
      const result = await deps.service.progress({
        task_index: identity.task_index,
        run_id: current.id,
        ...current.counters,
        rate_per_s: rate(completed + failed),
        ...(ttftP50 === null ? {} : { ttft_p50_ms: ttftP50 }),
      });
      posting = false;
      // One line when progress stops getting through and one when it recovers, not one per tick.
      if (!result.ok && !failing) log.warn("progress_failed", { ...ids, detail: result.detail });
      if (result.ok && failing) log.info("progress_recovered", ids);
      failing = !result.ok;
    }, deps.progressIntervalMs ?? 1000);
    return () => clearInterval(timer);
  };

  const finish = async (
    current: CurrentRun,
    request: AgentRunRequest,
    startedAt: number,
    outcome: RunOutcome,
  ) => {
    phase = "done";
    const stopped = current.stopReason !== null;
    const finishedAt = deps.clock.now() / 1000;
    // Throughput is counted over the measured window, which opens when the warm-up ends.
    const measuredFrom = Math.min(startedAt + request.spec.load.warmup_s, finishedAt);
    report = buildAgentReport(outcome.metrics, {
      task_index: identity.task_index,
      run_id: current.id,
      started_at: measuredFrom,
      finished_at: finishedAt,
      partial: stopped || outcome.failure !== null,
      reason: outcome.failure ?? current.stopReason,
      failed: outcome.failure !== null,
    });
    const entry = { report, records_file: outcome.recordsFile };
    const notKept = deps.spool?.save(entry) ?? null;
    if (notKept !== null) log.warn("results_spool_failed", { ...ids, detail: notKept });
    const observersDone = deps.notifier.end();
    const delivery = await deliverResult(
      { service: deps.service, records: deps.records, spool: deps.spool, log, ids },
      entry,
      deps.uploadDeadlineMs?.() ?? 600_000,
    );
    await observersDone;
    resolveFinished(delivery === "accepted" ? 0 : 1);
  };

  const launch = async (current: CurrentRun, request: AgentRunRequest) => {
    const startedAt = deps.clock.now() / 1000;
    const live = createRequestWindow();
    const stopProgress = startProgress(current, live);
    deps.notifier.begin({ ...ids, run_id: current.id });
    const runDeps: RunDeps = {
      ...deps,
      fetch: metrics.countSent(deps.fetch),
      notifier: {
        notify(notice) {
          metrics.record(notice.request);
          live.add(notice.request);
          deps.notifier.notify(notice);
        },
      },
      benchmarkId: identity.benchmark_id,
      taskIndex: identity.task_index,
      numTasks: identity.num_tasks,
      clients: identity.num_clients,
    };
    let outcome: RunOutcome;
    try {
      outcome = await executeRun(runDeps, request, current.controller.signal, current.counters);
    } catch (error) {
      log.warn("run_crashed", { ...ids, error: String(error) });
      outcome = failedRun(request.spec, `the agent failed during the run: ${error}`);
    } finally {
      stopProgress();
      metrics.runEnded();
    }
    await finish(current, request, startedAt, outcome);
  };

  const runtime: AgentRuntime = {
    status: () => ({
      benchmark_id: identity.benchmark_id,
      task_index: identity.task_index,
      num_clients: identity.num_clients,
      server_addr: identity.server_addr,
      client_service_addr: identity.client_service_addr,
      local_address: identity.local_address,
      created_at: createdAt,
      phase,
      run_id: run?.id ?? null,
      requests: run ? { ...run.counters } : { completed: 0, failed: 0 },
      observers: deps.notifier.count(),
      observer_updates: deps.notifier.counts(),
    }),
    startRun(request) {
      if (phase === "running" || phase === "stopping") {
        throw conflict(`A run is already in progress (run_id ${run?.id})`);
      }
      if (phase === "done") {
        throw conflict("This agent has ended; create a new client group to run again");
      }
      const current: CurrentRun = {
        id: request.run_id,
        controller: new AbortController(),
        counters: { completed: 0, failed: 0 },
        stopReason: null,
      };
      run = current;
      phase = "running";
      log.info("run_started", { ...ids, run_id: current.id, num_clients: identity.num_clients });
      void launch(current, request).catch((error) => {
        log.warn("run_finish_failed", { ...ids, error: String(error) });
        resolveFinished(1);
      });
      return { status: "started", run_id: current.id, num_clients: identity.num_clients };
    },
    addObserver(observer) {
      deps.notifier.add(observer);
      log.info("observer_registered", { ...ids, ...observer });
    },
    stop(reason) {
      if (phase === "idle") {
        phase = "done";
        log.info("agent_stopping", { ...ids, reason });
        resolveFinished(0);
        return;
      }
      if (phase !== "running" || run === null) return;
      phase = "stopping";
      run.stopReason = reason;
      log.info("run_stopping", { ...ids, run_id: run.id, reason });
      run.controller.abort(new Error(reason));
    },
    finished,
    lastReport: () => report,
    metricsText: () => metrics.render(runtime.status()),
  };
  return runtime;
}
