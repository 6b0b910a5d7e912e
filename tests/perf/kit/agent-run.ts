import type { AgentReport } from "../../../core/schemas/results.ts";
import { startFakeClientService } from "./fake-client-service.ts";
import { bunArgv, spawnReady } from "./spawn-ready.ts";

export type AgentRunOptions = {
  clients: number;
  aiUrl: string;
  /** The run's load spec (JSON as the service would send it). */
  spec: Record<string, unknown>;
  /** Preload the loop-lag probe into the agent. */
  probe?: boolean;
  /** Bun's fetch limit for the agent (`BUN_CONFIG_MAX_HTTP_REQUESTS`); default clients + 64. */
  fetchLimit?: number;
  /** File descriptors the agent may open; see `bunArgv`. */
  openFiles?: number;
  /** Called with the agent's pid once it registered, before the run starts. */
  beforeRun?: (pid: number) => Promise<void>;
  /** Runs beside the load with the agent's pid; the run waits for it too. */
  during?: (pid: number) => Promise<void>;
  /** Called with the agent's pid and its report as soon as the report is in, before it exits. */
  afterRun?: (pid: number, report: AgentReport) => Promise<void>;
  /** Gives up (and kills the agent) after this long. */
  timeoutMs: number;
};

export type AgentRunResult = {
  report: AgentReport;
  /** Unix milliseconds just before `POST /run` was sent. */
  runStartedAt: number;
  /** What the agent printed between the start of the run and its report (loop-lag lines). */
  runOutput: string;
};

let nextBenchmarkId = 9000;

/**
 * Runs the agent for real: starts `handlers/agent/main.ts` against a fake Client Service,
 * waits for its registration, POSTs `/run` with `spec` and waits for the uploaded report.
 * Bun's fetch limit is raised above the clients, as the job script does.
 */
export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
  const benchmarkId = nextBenchmarkId++;
  const service = startFakeClientService(benchmarkId);
  const agent = await spawnReady(
    bunArgv({
      script: "handlers/agent/main.ts",
      args: [String(options.clients), options.aiUrl, service.url, String(benchmarkId)],
      probe: options.probe,
      openFiles: options.openFiles,
    }),
    null,
    {
      env: {
        AIFC_TASK_INDEX: "0",
        AIFC_NUM_TASKS: "1",
        AIFC_GROUP_TOKEN: "",
        BUN_CONFIG_MAX_HTTP_REQUESTS: String(options.fetchLimit ?? options.clients + 64),
      },
    },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new Error(
          `the agent run did not finish in ${options.timeoutMs} ms:\n${agent.output().slice(-2000)}`,
        ),
      );
    }, options.timeoutMs);
  });
  const exited = agent.proc.exited.then((code) => {
    throw new Error(
      `the agent exited with ${code} before its report:\n${agent.output().slice(-2000)}`,
    );
  });
  try {
    const address = await Promise.race([service.connected, timeout, exited]);
    await options.beforeRun?.(agent.pid);
    const from = agent.output().length;
    const runStartedAt = Date.now();
    const started = await fetch(`${address}/run`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        run_id: `perf-${benchmarkId}`,
        base_url: options.aiUrl,
        spec: options.spec,
      }),
    });
    if (started.status !== 200) {
      throw new Error(`POST /run answered ${started.status}: ${await started.text()}`);
    }
    const during = options.during?.(agent.pid) ?? Promise.resolve();
    const report = await Promise.race([service.reported, timeout, exited]);
    await options.afterRun?.(agent.pid, report);
    const runOutput = agent.output().slice(from);
    await Promise.race([during, timeout]);
    return { report, runStartedAt, runOutput };
  } finally {
    clearTimeout(timer);
    exited.catch(() => undefined);
    await agent.stop();
    service.stop();
  }
}

/** Completed requests per second of the measured window of a report. */
export function completedPerS(report: AgentReport): number {
  return report.requests.completed / Math.max(report.finished_at - report.started_at, 1e-9);
}
