import { afterEach, describe, expect, test } from "bun:test";
import { createServiceClient } from "../../../core/agent/service-client.ts";
import type { AgentReport } from "../../../core/schemas/results.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Call = { path: string; auth: string | null; body: unknown };

/** A fake client service answering each call with the next scripted status (the last repeats). */
function fakeService(statuses: number[]) {
  const calls: Call[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      calls.push({
        path: new URL(request.url).pathname,
        auth: request.headers.get("authorization"),
        body: await request.json(),
      });
      const status = statuses[Math.min(calls.length - 1, statuses.length - 1)] as number;
      return Response.json(status < 300 ? { status: "ok" } : { detail: "Invalid group token" }, {
        status,
      });
    },
  });
  cleanups.push(() => server.stop(true));
  return { calls, baseUrl: `http://127.0.0.1:${server.port}` };
}

const client = (baseUrl: string, token: string | null = "tok") =>
  createServiceClient({
    baseUrl,
    benchmarkId: 42,
    token,
    fetch,
    sleep: () => Promise.resolve(),
    now: () => performance.now(),
  });

const report = { task_index: 0, run_id: "r" } as AgentReport;

describe("createServiceClient", () => {
  test("connect posts the address and task index with the bearer token", async () => {
    const service = fakeService([201]);
    const result = await client(service.baseUrl).connect({
      client_address: "http://10.0.0.2:4000",
      task_index: 1,
    });
    expect(result).toEqual({ ok: true, status: 201 });
    expect(service.calls).toEqual([
      {
        path: "/api/v1/client-group/42/connect",
        auth: "Bearer tok",
        body: { client_address: "http://10.0.0.2:4000", task_index: 1 },
      },
    ]);
  });

  test("no token, no authorization header", async () => {
    const service = fakeService([201]);
    await client(service.baseUrl, null).connect({ client_address: "http://a:1", task_index: 0 });
    expect(service.calls[0]?.auth).toBeNull();
  });

  test("connect retries 5xx answers and succeeds when the service recovers", async () => {
    const service = fakeService([503, 502, 201]);
    const result = await client(service.baseUrl).connect({
      client_address: "http://a:1",
      task_index: 0,
    });
    expect(result.ok).toBe(true);
    expect(service.calls).toHaveLength(3);
  });

  test("connect gives up at once on 401 with the service's detail", async () => {
    const service = fakeService([401]);
    const result = await client(service.baseUrl).connect({
      client_address: "http://a:1",
      task_index: 0,
    });
    expect(result).toEqual({ ok: false, status: 401, detail: "HTTP 401: Invalid group token" });
    expect(service.calls).toHaveLength(1);
  });

  test("connect to an unreachable service gives up when the deadline passes", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const baseUrl = `http://127.0.0.1:${server.port}`;
    server.stop(true);
    const real = createServiceClient({
      baseUrl,
      benchmarkId: 1,
      token: null,
      fetch,
      sleep: (ms) => Bun.sleep(ms),
      now: () => performance.now(),
    });
    const started = performance.now();
    const result = await real.connect({ client_address: "http://a:1", task_index: 0 }, 600);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  test("results are retried with doubling waits, capped, until the deadline passes", async () => {
    const service = fakeService([500]);
    let now = 0;
    const waits: number[] = [];
    const patient = createServiceClient({
      baseUrl: service.baseUrl,
      benchmarkId: 42,
      token: "tok",
      fetch,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      now: () => now,
    });
    const result = await patient.uploadResults(report, 30_000);
    expect(result).toMatchObject({ ok: false, status: 500 });
    expect(waits.slice(0, 7)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(30_000);
    expect(service.calls).toHaveLength(waits.length + 1);
    expect(service.calls[0]?.path).toBe("/api/v1/client-group/42/results");
  });

  test("results refused for good (409) are not retried", async () => {
    const service = fakeService([409]);
    const result = await client(service.baseUrl).uploadResults(report, 30_000);
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(service.calls).toHaveLength(1);
  });

  test("after the service was away, the next call registers the agent again first", async () => {
    // connect ok, progress while the service is down, then connect and progress once it is back.
    const service = fakeService([201, 503, 201, 200]);
    const rejoined: boolean[] = [];
    const agent = createServiceClient({
      baseUrl: service.baseUrl,
      benchmarkId: 42,
      token: "tok",
      fetch,
      sleep: () => Promise.resolve(),
      now: () => performance.now(),
      onRejoin: (result) => rejoined.push(result.ok),
    });
    const body = { client_address: "http://10.0.0.2:4000", task_index: 1 };
    await agent.connect(body);
    const progress = { task_index: 1, run_id: "r", completed: 1, failed: 0 };
    expect((await agent.progress(progress)).ok).toBe(false);
    expect((await agent.progress(progress)).ok).toBe(true);
    expect(service.calls.map((c) => c.path.split("/").at(-1))).toEqual([
      "connect",
      "progress",
      "connect",
      "progress",
    ]);
    expect(service.calls[2]?.body).toEqual(body);
    expect(rejoined).toEqual([true]);
    // Back in touch: no more registrations.
    await agent.progress(progress);
    expect(service.calls.at(-1)?.path).toBe("/api/v1/client-group/42/progress");
    expect(service.calls).toHaveLength(5);
  });

  test("while the service is still away the call is not made, and registering is tried again", async () => {
    const service = fakeService([201, 503, 503, 503, 201, 200]);
    const agent = client(service.baseUrl);
    await agent.connect({ client_address: "http://a:1", task_index: 0 });
    const progress = { task_index: 0, run_id: "r", completed: 1, failed: 0 };
    await agent.progress(progress);
    expect((await agent.progress(progress)).status).toBe(503);
    expect((await agent.progress(progress)).status).toBe(503);
    expect((await agent.progress(progress)).ok).toBe(true);
    expect(service.calls.map((c) => c.path.split("/").at(-1))).toEqual([
      "connect",
      "progress",
      "connect",
      "connect",
      "connect",
      "progress",
    ]);
  });

  test("progress is posted once, never retried", async () => {
    const service = fakeService([500]);
    const result = await client(service.baseUrl).progress({
      task_index: 0,
      run_id: "r",
      completed: 1,
      failed: 0,
    });
    expect(result.ok).toBe(false);
    expect(service.calls).toHaveLength(1);
    expect(service.calls[0]?.path).toBe("/api/v1/client-group/42/progress");
  });
});
