import { afterEach, describe, expect, test } from "bun:test";
import { type AgentRuntimeDeps, createAgentRuntime } from "../../../core/agent/agent-runtime.ts";
import type { ServiceCallResult } from "../../../core/agent/service-client.ts";
import { type Clock, manualClock, systemClock } from "../../../core/clock.ts";
import { abortableSleep } from "../../../core/loadgen/abortable-sleep.ts";
import { memoryLogger } from "../../../core/log.ts";
import { createObserverNotifier } from "../../../core/observers/observer-notifier.ts";
import {
  type AgentProgress,
  AgentStatus,
  type ObserverUpdate,
} from "../../../core/schemas/agent.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import { AgentReport } from "../../../core/schemas/results.ts";
import { startTinyAiServer, type TinyOptions } from "../loadgen/tiny-ai-server.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** An in-memory client service: keeps what the agent posts. */
function fakeService(uploadOk = true) {
  const progress: AgentProgress[] = [];
  const reports: AgentReport[] = [];
  return {
    progress,
    reports,
    service: {
      async progress(body: AgentProgress): Promise<ServiceCallResult> {
        progress.push(body);
        return { ok: true, status: 200 };
      },
      async uploadResults(report: AgentReport): Promise<ServiceCallResult> {
        reports.push(report);
        return uploadOk
          ? { ok: true, status: 200 }
          : { ok: false, status: 500, detail: "HTTP 500: down" };
      },
    },
  };
}

function world(
  ai: TinyOptions = {},
  options: { clients?: number; uploadOk?: boolean; clock?: Clock } = {},
) {
  const server = startTinyAiServer(ai);
  cleanups.push(server.stop);
  const fake = fakeService(options.uploadOk ?? true);
  const { logger, lines } = memoryLogger();
  const deps: AgentRuntimeDeps = {
    identity: {
      benchmark_id: 42,
      task_index: 0,
      num_tasks: 1,
      num_clients: options.clients ?? 3,
      server_addr: server.baseUrl,
      client_service_addr: "http://127.0.0.1:1",
      local_address: "http://127.0.0.1:2",
    },
    clock: options.clock ?? manualClock(1_700_000_000_000),
    monotonic: () => performance.now(),
    fetch,
    sleep: abortableSleep,
    log: logger,
    notifier: createObserverNotifier({ fetch }),
    service: fake.service,
    progressIntervalMs: 20,
  };
  const runtime = createAgentRuntime(deps);
  const run = (spec: Record<string, unknown> = {}, run_id = "run-1") =>
    runtime.startRun({ run_id, base_url: server.baseUrl, spec: LoadSpec.parse(spec) });
  return { runtime, run, fake, lines, server };
}

describe("createAgentRuntime", () => {
  test("an idle agent reports its identity and no requests", () => {
    const { runtime } = world();
    const status = runtime.status();
    expect(AgentStatus.safeParse(status).success).toBe(true);
    expect(status).toMatchObject({
      benchmark_id: 42,
      task_index: 0,
      num_clients: 3,
      phase: "idle",
      run_id: null,
      created_at: 1_700_000_000,
      requests: { completed: 0, failed: 0 },
      observers: 0,
    });
  });

  test("a run sends one request per client, uploads its report and ends with 0", async () => {
    const { runtime, run, fake, server } = world({ tokens: 4 }, { clients: 3 });
    expect(run()).toEqual({ status: "started", run_id: "run-1", num_clients: 3 });
    expect(runtime.status().phase).toBe("running");
    expect(await runtime.finished).toBe(0);
    expect(server.state.requests).toBe(3);
    expect(fake.reports).toHaveLength(1);
    const report = fake.reports[0] as AgentReport;
    expect(AgentReport.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({
      task_index: 0,
      run_id: "run-1",
      partial: false,
      reason: null,
      requests: { completed: 3, failed: 0, warmup: 0 },
      tokens: { input: 33, output: 12, source: "usage" },
      good_requests: 3,
    });
    expect(report.started_at).toBe(1_700_000_000);
    expect(runtime.status()).toMatchObject({
      phase: "done",
      requests: { completed: 3, failed: 0 },
    });
  });

  test("warm-up requests are left out and the measured window opens when the warm-up ends", async () => {
    const { runtime, run, fake } = world({ ttftMs: 20 }, { clients: 1, clock: systemClock });
    const before = Date.now() / 1000;
    run({ load: { duration_s: 0.3, warmup_s: 0.1 } });
    await runtime.finished;
    const report = fake.reports[0] as AgentReport;
    expect(report.requests.warmup).toBeGreaterThanOrEqual(3);
    expect(report.requests.completed).toBeGreaterThanOrEqual(5);
    expect(report.samples.e2e).toHaveLength(report.requests.completed);
    expect(report.started_at - before).toBeGreaterThanOrEqual(0.099);
    expect(report.started_at - before).toBeLessThan(0.2);
    expect(report.finished_at - before).toBeGreaterThanOrEqual(0.299);
  });

  test("a second run while one is under way, or after it, is a 409", async () => {
    const { runtime, run } = world({ ttftMs: 100 });
    run();
    expect(() => run({}, "run-2")).toThrow(expect.objectContaining({ status: 409 }));
    await runtime.finished;
    expect(() => run({}, "run-3")).toThrow(expect.objectContaining({ status: 409 }));
  });

  test("progress is posted while the run lasts", async () => {
    const { runtime, run, fake } = world({ ttftMs: 150 }, { clients: 1 });
    run();
    await runtime.finished;
    expect(fake.progress.length).toBeGreaterThanOrEqual(2);
    expect(fake.progress[0]).toEqual({ task_index: 0, run_id: "run-1", completed: 0, failed: 0 });
  });

  test("stop aborts in-flight requests and uploads a partial report without them", async () => {
    const { runtime, run, fake } = world({ ttftMs: 5, itlMs: 5, tokens: 2 }, { clients: 2 });
    run({ load: { duration_s: 60 } });
    await Bun.sleep(150);
    const started = performance.now();
    runtime.stop("stopped by request");
    expect(runtime.status().phase).toBe("stopping");
    expect(await runtime.finished).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
    const report = fake.reports[0] as AgentReport;
    expect(report.partial).toBe(true);
    expect(report.reason).toBe("stopped by request");
    expect(report.requests.completed).toBeGreaterThan(2);
    expect(report.requests.failed).toBe(0);
  });

  test("stopping an idle agent ends it without uploading anything", async () => {
    const { runtime, fake } = world();
    runtime.stop("received SIGTERM");
    expect(await runtime.finished).toBe(0);
    expect(fake.reports).toHaveLength(0);
    expect(runtime.status().phase).toBe("done");
  });

  test("observers hear about every finished request", async () => {
    const updates: ObserverUpdate[] = [];
    const monitor = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(request) {
        updates.push((await request.json()) as ObserverUpdate);
        return new Response("ok");
      },
    });
    cleanups.push(() => monitor.stop(true));
    const { runtime, run } = world({}, { clients: 4 });
    runtime.addObserver({ ip_address: "127.0.0.1", port: monitor.port as number });
    expect(runtime.status().observers).toBe(1);
    run();
    await runtime.finished;
    expect(updates).toHaveLength(4);
    expect(updates.map((u) => u.totals.completed).sort()).toEqual([1, 2, 3, 4]);
    expect(updates[0]).toMatchObject({ benchmark_id: 42, task_index: 0, run_id: "run-1" });
  });

  test("failed requests are counted by class", async () => {
    const { runtime, run, fake } = world({ mode: { status: 429 } }, { clients: 2 });
    run();
    await runtime.finished;
    expect(fake.reports[0]).toMatchObject({
      requests: { completed: 0, failed: 2 },
      errors: { http_429: 2 },
    });
  });

  test("a report the service never takes ends the agent with 1", async () => {
    const { runtime, run, lines } = world({}, { uploadOk: false });
    run();
    expect(await runtime.finished).toBe(1);
    expect(lines.some((l) => l.event === "results_upload_failed")).toBe(true);
  });

  test("an AI Factory server that refuses the service gives a report saying why", async () => {
    const { runtime, run, fake } = world({ mode: { status: 503 } });
    run({ target: { kind: "aif-server" } });
    await runtime.finished;
    const report = fake.reports[0] as AgentReport;
    expect(report.partial).toBe(true);
    expect(report.reason).toContain("HTTP 503");
    expect(report.requests).toEqual({ completed: 0, failed: 0, warmup: 0 });
  });

  test("an AI Factory target with a service id is prompted at its prompt endpoint", async () => {
    const { runtime, run, fake, server } = world({}, { clients: 2 });
    run({ target: { kind: "aif-server", service_id: "svc-1" } });
    await runtime.finished;
    expect(server.state.paths).toEqual(["/api/v1/vllm/svc-1/prompt", "/api/v1/vllm/svc-1/prompt"]);
    expect(fake.reports[0]?.requests.completed).toBe(2);
  });

  test("an open-loop pattern runs closed and says so in one line", async () => {
    const { runtime, run, lines, fake } = world({}, { clients: 2 });
    run({ load: { pattern: "poisson", rate: 5 } });
    await runtime.finished;
    expect(lines.filter((l) => l.event === "open_loop_not_available")).toHaveLength(1);
    expect(fake.reports[0]?.requests.completed).toBe(2);
  });
});
