import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentProgress } from "../../../../core/schemas/agent.ts";
import { ConnectBody } from "../../../../core/schemas/group.ts";
import { AgentReport } from "../../../../core/schemas/results.ts";
import { startTinyAiServer } from "../../loadgen/tiny-ai-server.ts";

const ROOT = join(import.meta.dir, "../../../..");
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A fake client service: connect, progress and results, with a scripted connect status. */
function fakeService(connectStatus = 201) {
  const seen = {
    connects: [] as Array<{
      auth: string | null;
      body: { client_address: string; task_index: number };
    }>,
    progress: 0,
    reports: [] as Array<{ auth: string | null; body: AgentReport }>,
  };
  let onConnect: (address: string) => void = () => undefined;
  let onReport: () => void = () => undefined;
  const connected = new Promise<string>((resolve) => {
    onConnect = resolve;
  });
  const reported = new Promise<void>((resolve) => {
    onReport = resolve;
  });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const auth = request.headers.get("authorization");
      const json: unknown = await request.json();
      if (path === "/api/v1/client-group/42/connect") {
        // Parsing with the service's own schemas also checks the agent sends what it accepts.
        const body = ConnectBody.parse(json);
        seen.connects.push({ auth, body });
        if (connectStatus !== 201) {
          return Response.json({ detail: "Invalid group token" }, { status: connectStatus });
        }
        onConnect(body.client_address);
        return Response.json({ status: "registered" }, { status: 201 });
      }
      if (path === "/api/v1/client-group/42/progress") {
        AgentProgress.parse(json);
        seen.progress += 1;
        return Response.json({ status: "ok" });
      }
      if (path === "/api/v1/client-group/42/results") {
        seen.reports.push({ auth, body: AgentReport.parse(json) });
        onReport();
        return Response.json({ status: "stored", duplicate: false });
      }
      return Response.json({ detail: "no route" }, { status: 404 });
    },
  });
  cleanups.push(() => server.stop(true));
  return { seen, connected, reported, url: `http://127.0.0.1:${server.port}` };
}

const spoolDir = join(tmpdir(), `aifc-agent-spool-${process.pid}`);
afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

function spawnAgent(aiUrl: string, serviceUrl: string, clients = 3) {
  const child = Bun.spawn(
    [process.execPath, "handlers/agent/main.ts", String(clients), aiUrl, serviceUrl, "42"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        AIFC_GROUP_TOKEN: "tok-123",
        AIFC_TASK_INDEX: "0",
        AIFC_NUM_TASKS: "1",
        // Reports wait here until the fake service takes them, away from ./data.
        AIFC_SPOOL_DIR: spoolDir,
      },
      stdout: "ignore",
      stderr: "pipe",
    },
  );
  cleanups.push(() => child.kill());
  return child;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A control call as the service makes it, with the group's token (AIFC_GROUP_TOKEN above). */
const postJson = (url: string, body: unknown, token: string | null = "tok-123") =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

describe("the agent process", () => {
  test("registers with its token, runs on POST /run, uploads a right report and exits", async () => {
    const ai = startTinyAiServer({ ttftMs: 20, itlMs: 5, tokens: 4 });
    cleanups.push(ai.stop);
    const service = fakeService();
    const child = spawnAgent(ai.baseUrl, service.url, 3);

    const address = await within(service.connected, 10_000, "registration");
    expect(service.seen.connects[0]).toEqual({
      auth: "Bearer tok-123",
      body: { client_address: address, task_index: 0 },
    });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${address}/health`)).json()).toEqual({ status: "ok" });

    const started = await postJson(`${address}/run`, {
      run_id: "run-7",
      base_url: ai.baseUrl,
      spec: { load: { requests: 9 } },
    });
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ status: "started", run_id: "run-7", num_clients: 3 });

    await within(service.reported, 10_000, "the results upload");
    const upload = service.seen.reports[0];
    expect(upload?.auth).toBe("Bearer tok-123");
    expect(upload?.body).toMatchObject({
      task_index: 0,
      run_id: "run-7",
      partial: false,
      requests: { completed: 9, failed: 0, warmup: 0 },
      tokens: { input: 99, output: 36, source: "usage" },
      good_requests: 9,
    });
    expect(upload?.body.latency.e2e?.count).toBe(9);
    expect(upload?.body.latency.ttft?.min).toBeGreaterThanOrEqual(19);
    expect(ai.state.requests).toBe(9);

    expect(await within(child.exited, 5000, "the agent's exit")).toBe(0);
  });

  test("a refused registration ends the process with an error and a clear log line", async () => {
    const service = fakeService(401);
    const child = spawnAgent("http://127.0.0.1:9", service.url);
    expect(await within(child.exited, 10_000, "the agent's exit")).not.toBe(0);
    const log = await new Response(child.stderr).text();
    const line = log
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.event === "register_failed");
    expect(line?.detail).toContain("Invalid group token");
    expect(service.seen.connects).toHaveLength(1);
  });

  test("POST /stop mid-run uploads partial results and exits", async () => {
    const ai = startTinyAiServer({ ttftMs: 10, itlMs: 10, tokens: 3 });
    cleanups.push(ai.stop);
    const service = fakeService();
    const child = spawnAgent(ai.baseUrl, service.url, 2);
    const address = await within(service.connected, 10_000, "registration");
    await postJson(`${address}/run`, {
      run_id: "run-8",
      base_url: ai.baseUrl,
      spec: { load: { duration_s: 600 } },
    });
    // Long enough for one progress post (every ~1 s).
    await Bun.sleep(1300);
    // Someone without the group's token cannot stop it.
    expect((await postJson(`${address}/stop`, {}, null)).status).toBe(401);
    const stopped = await postJson(`${address}/stop`, {});
    expect(await stopped.json()).toEqual({ status: "stopping" });
    await within(service.reported, 5000, "the partial upload");
    expect(service.seen.reports[0]?.body).toMatchObject({ run_id: "run-8", partial: true });
    expect(service.seen.reports[0]?.body.requests.completed).toBeGreaterThan(0);
    expect(service.seen.progress).toBeGreaterThan(0);
    expect(await within(child.exited, 5000, "the agent's exit")).toBe(0);
  });
});
