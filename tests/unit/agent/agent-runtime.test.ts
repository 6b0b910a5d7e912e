import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentRuntimeDeps, createAgentRuntime } from "../../../core/agent/agent-runtime.ts";
import type { RecordsUploader } from "../../../core/agent/records-upload.ts";
import { createResultSpool, type ResultSpool } from "../../../core/agent/result-spool.ts";
import type { ServiceCallResult } from "../../../core/agent/service-client.ts";
import { type Clock, manualClock, systemClock } from "../../../core/clock.ts";
import { abortableSleep } from "../../../core/loadgen/abortable-sleep.ts";
import { memoryLogger } from "../../../core/log.ts";
import { createMonitorProxy } from "../../../core/observers/monitor-proxy.ts";
import {
  type AgentProgress,
  AgentStatus,
  type ObserverUpdate,
} from "../../../core/schemas/agent.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import { AgentReport, RequestRecordLine } from "../../../core/schemas/results.ts";
import { startTinyAiServer, type TinyOptions } from "../loadgen/tiny-ai-server.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** An in-memory client service: keeps what the agent posts, and the spool as each upload saw it. */
function fakeService(uploadOk = true, spool?: ResultSpool) {
  const progress: AgentProgress[] = [];
  const reports: AgentReport[] = [];
  const spooledAtUpload: string[][] = [];
  const deadlines: Array<number | undefined> = [];
  return {
    progress,
    reports,
    spooledAtUpload,
    deadlines,
    service: {
      async progress(body: AgentProgress): Promise<ServiceCallResult> {
        progress.push(body);
        return { ok: true, status: 200 };
      },
      async uploadResults(report: AgentReport, deadlineMs?: number): Promise<ServiceCallResult> {
        reports.push(report);
        deadlines.push(deadlineMs);
        spooledAtUpload.push((spool?.pending() ?? []).map((e) => e.report.run_id));
        return uploadOk
          ? { ok: true, status: 200 }
          : { ok: false, status: 500, detail: "HTTP 500: down" };
      },
    },
  };
}

function world(
  ai: TinyOptions = {},
  options: {
    clients?: number;
    uploadOk?: boolean;
    clock?: Clock;
    recordsDir?: string;
    records?: RecordsUploader;
    spool?: ResultSpool;
  } = {},
) {
  const server = startTinyAiServer(ai);
  cleanups.push(server.stop);
  const fake = fakeService(options.uploadOk ?? true, options.spool);
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
    notifier: createMonitorProxy({ fetch }),
    service: fake.service,
    progressIntervalMs: 20,
    recordsDir: options.recordsDir,
    records: options.records,
    ...(options.spool ? { spool: options.spool, uploadDeadlineMs: () => 42_000 } : {}),
  };
  const runtime = createAgentRuntime(deps);
  const run = (spec: Record<string, unknown> = {}, run_id = "run-1") =>
    runtime.startRun({ run_id, base_url: server.baseUrl, spec: LoadSpec.parse(spec) });
  return { runtime, run, fake, lines, server };
}

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "aifc-runtime-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const spoolIn = (dir: string) => createResultSpool({ dir, benchmarkId: 42, taskIndex: 0 });

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
    expect(report.latency.e2e?.count).toBe(report.requests.completed);
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
    expect(fake.progress[0]).toEqual({
      task_index: 0,
      run_id: "run-1",
      completed: 0,
      failed: 0,
      rate_per_s: 0,
    });
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

  test("an observer gets updates while the run goes and a final one matching the report", async () => {
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
    const { runtime, run, fake } = world({ ttftMs: 15, tokens: 2 }, { clients: 2 });
    runtime.addObserver({ ip_address: "127.0.0.1", port: monitor.port as number, interval_ms: 10 });
    expect(runtime.status().observers).toBe(1);
    run({ load: { requests: 8 } });
    await runtime.finished;
    const report = fake.reports[0] as AgentReport;
    const final = updates.at(-1) as ObserverUpdate;
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.filter((u) => u.final)).toEqual([final]);
    expect(final).toMatchObject({ benchmark_id: 42, task_index: 0, run_id: "run-1" });
    expect(final.totals).toMatchObject({
      completed: report.requests.completed,
      failed: 0,
      output_tokens: report.tokens.output,
    });
    expect(runtime.status().observer_updates).toEqual({
      sent: updates.length,
      failed: 0,
      dropped: 0,
    });
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

  test("an open-loop run sends at its rate without waiting for answers, and reports its schedule", async () => {
    // Every answer takes 200 ms; a closed loop of 2 clients could not send 10 requests in 200 ms.
    const { runtime, run, fake, server } = world({ ttftMs: 200 }, { clients: 2 });
    const started = performance.now();
    run({ load: { pattern: "constant", rate: 50, requests: 10 } });
    await runtime.finished;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.state.maxInFlight).toBeGreaterThanOrEqual(9);
    const report = fake.reports[0] as AgentReport;
    expect(AgentReport.safeParse(report).success).toBe(true);
    expect(report.requests.completed).toBe(10);
    expect(report.schedule).toMatchObject({ pattern: "constant", target_rate_per_s: 50, sent: 10 });
    expect(report.schedule?.window_s).toBeCloseTo(0.2, 5);
    expect(report.latency.schedule_lag?.count).toBe(10);
    expect(report.latency.ttft_from_intended?.min).toBeGreaterThanOrEqual(
      report.latency.ttft?.min as number,
    );
  });

  test("progress carries the rate of finished requests", async () => {
    const { runtime, run, fake } = world({ ttftMs: 5 }, { clients: 1 });
    run({ load: { duration_s: 0.4 } });
    await runtime.finished;
    const rates = fake.progress.map((p) => p.rate_per_s ?? 0);
    expect(Math.max(...rates)).toBeGreaterThan(20);
  });

  test("records asked for are written, then uploaded after the report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aifc-records-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const uploads: Array<{ file: string; runId: string; lines: string[]; reports: number }> = [];
    const { runtime, run, fake } = world(
      { tokens: 3 },
      {
        clients: 2,
        recordsDir: dir,
        records: {
          async upload(file, runId) {
            const lines = readFileSync(file, "utf8").trim().split("\n");
            uploads.push({ file, runId, lines, reports: fake.reports.length });
            return { ok: true, status: 200 };
          },
        },
      },
    );
    run({ load: { records: true } });
    expect(await runtime.finished).toBe(0);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      file: join(dir, "42", "0.jsonl"),
      runId: "run-1",
      reports: 1,
    });
    const lines = (uploads[0]?.lines ?? []).map((l) => RequestRecordLine.parse(JSON.parse(l)));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ task_index: 0, ok: true, output_tokens: 3, itl_count: 2 });
    expect(lines[0]?.sent_at).toBeGreaterThan(1_600_000_000_000);
  });

  test("the report is on disk before it is uploaded, and leaves once the service took it", async () => {
    const spool = spoolIn(tempDir());
    const { runtime, run, fake } = world({}, { spool });
    run();
    expect(await runtime.finished).toBe(0);
    expect(fake.spooledAtUpload).toEqual([["run-1"]]);
    expect(fake.deadlines).toEqual([42_000]);
    expect(spool.pending()).toEqual([]);
  });

  test("a report the service never took stays on disk for the agent's next start", async () => {
    const spool = spoolIn(tempDir());
    const { runtime, run, fake } = world({}, { spool, uploadOk: false });
    run();
    expect(await runtime.finished).toBe(1);
    expect(spool.pending().map((e) => e.report)).toEqual(fake.reports);
  });

  test("an AI server that refuses every connection stops the run early, failed, saying so", async () => {
    const { runtime, fake } = world({}, { clients: 2 });
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const baseUrl = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const started = performance.now();
    runtime.startRun({
      run_id: "run-x",
      base_url: baseUrl,
      spec: LoadSpec.parse({ load: { duration_s: 60 } }),
    });
    await runtime.finished;
    expect(performance.now() - started).toBeLessThan(5000);
    const report = fake.reports[0] as AgentReport;
    expect(report).toMatchObject({ partial: true, failed: true });
    expect(report.reason).toBe(
      `the AI server at ${baseUrl} refused every connection (ECONNREFUSED); the run was stopped after 10 attempts`,
    );
    expect(report.requests.completed).toBe(0);
    expect(report.errors.connect).toBeGreaterThanOrEqual(10);
    expect(report.errors.connect).toBeLessThanOrEqual(11);
  });

  test("a server that answers errors is not unreachable: the run goes its whole length", async () => {
    const { runtime, run, fake } = world({ mode: { status: 503 } }, { clients: 2 });
    run({ load: { requests: 30 } });
    await runtime.finished;
    expect(fake.reports[0]).toMatchObject({
      failed: false,
      partial: false,
      errors: { http_5xx: 30 },
    });
  });

  test("without load.records nothing is written or uploaded", async () => {
    let uploads = 0;
    const { runtime, run } = world(
      {},
      {
        records: {
          async upload() {
            uploads += 1;
            return { ok: true, status: 200 };
          },
        },
      },
    );
    run();
    await runtime.finished;
    expect(uploads).toBe(0);
  });
});
