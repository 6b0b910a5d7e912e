import { afterEach, describe, expect, test } from "bun:test";
import { createAgentRuntime } from "../../../../core/agent/agent-runtime.ts";
import { manualClock } from "../../../../core/clock.ts";
import { conflict } from "../../../../core/errors.ts";
import { abortableSleep } from "../../../../core/loadgen/abortable-sleep.ts";
import { memoryLogger } from "../../../../core/log.ts";
import { createMonitorProxy } from "../../../../core/observers/monitor-proxy.ts";
import { AgentStatus } from "../../../../core/schemas/agent.ts";
import { createAgentApp } from "../../../../handlers/agent/index.ts";
import { startTinyAiServer } from "../../loadgen/tiny-ai-server.ts";
import { recordingAgentRuntime } from "./recording-agent-runtime.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const post = (body?: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
});

const runBody = { run_id: "r1", base_url: "http://ai:8000", spec: {} };

describe("agent routes", () => {
  test("POST /run starts a run and answers with its id and clients", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime });
    const response = await app.request("/run", post(runBody));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "started", run_id: "r1", num_clients: 2 });
    expect(calls).toEqual(["run r1"]);
  });

  test("POST /run while a run is in progress is a 409 with a detail", async () => {
    const { runtime } = recordingAgentRuntime();
    const app = createAgentApp({ runtime });
    await app.request("/run", post(runBody));
    const response = await app.request("/run", post(runBody));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ detail: "A run is already in progress (run_id r1)" });
  });

  test("a bad run body is a 422 naming the field, and nothing starts", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime });
    const bad = await app.request("/run", post({ ...runBody, base_url: "not a url" }));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: string }).detail).toContain("base_url");
    const badSpec = await app.request(
      "/run",
      post({ ...runBody, spec: { load: { requests: -1 } } }),
    );
    expect(badSpec.status).toBe(422);
    expect(((await badSpec.json()) as { detail: string }).detail).toContain("spec.load.requests");
    const notJson = await app.request("/run", post("{nope"));
    expect(notJson.status).toBe(422);
    expect(calls).toEqual([]);
  });

  test("GET /status has the AgentStatus shape", async () => {
    const { runtime } = recordingAgentRuntime();
    const response = await createAgentApp({ runtime }).request("/status");
    expect(response.status).toBe(200);
    expect(AgentStatus.safeParse(await response.json()).success).toBe(true);
  });

  test("GET /health is ok", async () => {
    const response = await createAgentApp(recordingAgentRuntime()).request("/health");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("POST /observer registers a monitor; a bad port is a 422", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime });
    const response = await app.request(
      "/observer",
      post({
        ip_address: "10.0.0.9",
        port: 9000,
        update_preferences: { interval_ms: 500 },
      }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      status: "registered",
      observer: { ip_address: "10.0.0.9", port: 9000, interval_ms: 500 },
    });
    const bad = await app.request("/observer", post({ ip_address: "x", port: 70_000 }));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: string }).detail).toContain("port");
    expect(calls).toEqual(["observer 10.0.0.9:9000 every 500"]);
  });

  test("an observer host that is neither an IP nor a host name is a 422; the default interval is 1 s", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime });
    for (const ip_address of ["...", "-", "a..b", "bad_host", "http://x", "1.2.3.4:80", ""]) {
      const bad = await app.request("/observer", post({ ip_address, port: 9000 }));
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { detail: string }).detail).toContain("ip_address");
    }
    for (const port of [0, 65_536, 1.5]) {
      const bad = await app.request("/observer", post({ ip_address: "10.0.0.9", port }));
      expect(bad.status).toBe(422);
    }
    for (const ip_address of ["::1", "fd00::1", "monitor.example.org", "localhost"]) {
      expect((await app.request("/observer", post({ ip_address, port: 1 }))).status).toBe(201);
    }
    expect(calls).toEqual([
      "observer ::1:1 every 1000",
      "observer fd00::1:1 every 1000",
      "observer monitor.example.org:1 every 1000",
      "observer localhost:1 every 1000",
    ]);
  });

  test("an agent that takes no more observers answers 409 with a detail", async () => {
    const { runtime } = recordingAgentRuntime();
    runtime.addObserver = () => {
      throw conflict("This agent already notifies 32 observers, its limit");
    };
    const response = await createAgentApp({ runtime }).request(
      "/observer",
      post({ ip_address: "10.0.0.9", port: 9000 }),
    );
    expect(response.status).toBe(409);
    expect(((await response.json()) as { detail: string }).detail).toContain("32 observers");
  });

  test("POST /stop answers stopping and tells the runtime", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const response = await createAgentApp({ runtime }).request("/stop", post());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "stopping" });
    expect(calls).toEqual(["stop stopped by request"]);
  });

  test("an unknown route is a 404 with a detail", async () => {
    const response = await createAgentApp(recordingAgentRuntime()).request("/nope");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain("/nope");
  });
});

describe("agent routes over a real runtime", () => {
  test("run, 409 while running, status while running, then done", async () => {
    const ai = startTinyAiServer({ ttftMs: 100 });
    cleanups.push(ai.stop);
    const reports: unknown[] = [];
    const runtime = createAgentRuntime({
      identity: {
        benchmark_id: 5,
        task_index: 0,
        num_tasks: 1,
        num_clients: 2,
        server_addr: ai.baseUrl,
        client_service_addr: "http://127.0.0.1:1",
        local_address: "http://127.0.0.1:2",
      },
      clock: manualClock(),
      monotonic: () => performance.now(),
      fetch,
      sleep: abortableSleep,
      log: memoryLogger().logger,
      notifier: createMonitorProxy({ fetch }),
      service: {
        progress: async () => ({ ok: true, status: 200 }),
        uploadResults: async (report) => {
          reports.push(report);
          return { ok: true, status: 200 };
        },
      },
    });
    const app = createAgentApp({ runtime });
    const body = { ...runBody, base_url: ai.baseUrl };
    expect((await app.request("/run", post(body))).status).toBe(200);
    expect((await app.request("/run", post(body))).status).toBe(409);
    const status = (await (await app.request("/status")).json()) as AgentStatus;
    expect(status).toMatchObject({ phase: "running", run_id: "r1", num_clients: 2 });
    expect(await runtime.finished).toBe(0);
    const after = (await (await app.request("/status")).json()) as AgentStatus;
    expect(after).toMatchObject({ phase: "done", requests: { completed: 2, failed: 0 } });
    expect(reports).toHaveLength(1);
  });
});

describe("agent control needs the group's token", () => {
  const token = "group-token-of-benchmark-1";
  const withToken = (value: string | undefined, init: RequestInit) => ({
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      ...(value === undefined ? {} : { authorization: `Bearer ${value}` }),
    },
  });
  const observerBody = { ip_address: "10.1.0.9", port: 7000 };
  const controlCalls: Array<[string, unknown]> = [
    ["/run", runBody],
    ["/stop", undefined],
    ["/observer", observerBody],
  ];

  for (const [path, body] of controlCalls) {
    test(`POST ${path} without the token or with a wrong one is 401 and changes nothing`, async () => {
      const { runtime, calls } = recordingAgentRuntime();
      const app = createAgentApp({ runtime, controlToken: token });
      for (const presented of [undefined, "wrong", `${token}x`]) {
        const response = await app.request(path, withToken(presented, post(body)));
        expect(response.status).toBe(401);
        expect(((await response.json()) as { detail: string }).detail).toContain("group token");
      }
      expect(calls).toEqual([]);
      expect(runtime.status().phase).toBe("idle");
    });
  }

  test("with the right token every control call works", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime, controlToken: token });
    const answers = [];
    for (const [path, body] of controlCalls) {
      answers.push((await app.request(path, withToken(token, post(body)))).status);
    }
    expect(answers).toEqual([200, 200, 201]);
    expect(calls).toEqual([
      "run r1",
      "stop stopped by request",
      "observer 10.1.0.9:7000 every 1000",
    ]);
  });

  test("the token is checked before the body: a stranger gets 401, not a validation error", async () => {
    const { runtime } = recordingAgentRuntime();
    const app = createAgentApp({ runtime, controlToken: token });
    expect((await app.request("/run", post("{not json"))).status).toBe(401);
  });

  test("reads stay open: /health, /status and /metrics need no token", async () => {
    const { runtime } = recordingAgentRuntime();
    const app = createAgentApp({ runtime, controlToken: token });
    for (const path of ["/health", "/status", "/metrics"]) {
      expect((await app.request(path)).status).toBe(200);
    }
  });

  test("an agent given no token keeps control open, as the original's clients expect", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime, controlToken: null });
    expect((await app.request("/run", post(runBody))).status).toBe(200);
    expect((await app.request("/stop", post())).status).toBe(200);
    expect(calls).toEqual(["run r1", "stop stopped by request"]);
  });
});
