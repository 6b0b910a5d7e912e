import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ObserverUpdate } from "../../core/schemas/agent.ts";
import { http, type RealProcess, startProcess, waitFor } from "./real-process.ts";
import { startLocalService } from "./stack.ts";

/**
 * Observers and injected faults with real processes: the mock AI server (one well-behaved, one
 * that fails on purpose), the Client Service with the local Slurm adapter, and its agents.
 */
describe("observers and faults on one machine", () => {
  let dir: string;
  let mock: RealProcess;
  let faulty: RealProcess;
  let service: RealProcess;
  let faultyUrl: string;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aifc-obs-"));
    const ready = /mock-ai listening on (http:\/\/\S+)/;
    mock = await startProcess(
      "mock-ai/main.ts",
      ["--port", "0", "--ttft-ms", "20", "--itl-ms", "2", "--output-tokens", "8"],
      ready,
    );
    faulty = await startProcess(
      "mock-ai/main.ts",
      [
        "--port",
        "0",
        "--ttft-ms",
        "5",
        "--itl-ms",
        "1",
        "--output-tokens",
        "8",
        "--seed",
        "7",
        "--error-rate",
        "0.15",
        "--rate-429",
        "0.15",
        "--abort-rate",
        "0.15",
        "--stall-rate",
        "0.1",
        "--stall-ms",
        "30",
      ],
      ready,
    );
    faultyUrl = faulty.ready[1] as string;
    ({ service, api } = await startLocalService(mock.ready[1] as string, dir));
  });

  afterAll(async () => {
    await service?.stop();
    await faulty?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = async (id: number) => (await http("GET", `${api}/client-group/${id}`)).body.info;
  const untilState = (id: number, wanted: string) =>
    waitFor(`group ${id} to be ${wanted}`, async () => {
      const now = await info(id);
      if (now.state === "failed")
        throw new Error(`group failed: ${now.reason}\n${service.output()}`);
      return now.state === wanted ? now : undefined;
    });

  test("an observer gets interval updates and a final one matching the results; a dead one changes nothing", async () => {
    const updates: ObserverUpdate[] = [];
    const observer = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(request) {
        if (new URL(request.url).pathname === "/update") {
          updates.push((await request.json()) as ObserverUpdate);
        }
        return Response.json({ ok: true });
      },
    });
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const deadPort = closed.port as number;
    closed.stop(true);
    try {
      const created = await http("POST", `${api}/client-group/21`, {
        num_clients: 4,
        time_limit: 2,
        workload: { max_tokens: 8 },
        load: { duration_s: 2 },
      });
      expect(created.status).toBe(201);
      await untilState(21, "ready");

      for (const [port, interval_ms] of [
        [observer.port as number, 200],
        [deadPort, 100],
      ]) {
        const registered = await http("POST", `${api}/client-group/21/observer`, {
          ip_address: "127.0.0.1",
          port,
          update_preferences: { interval_ms },
        });
        expect(registered.status).toBe(201);
        expect(registered.body.forwarded_to).toBe(1);
      }

      const targets = (await http("GET", `${api}/targets`)).body;
      const mine = targets.filter(
        (t: { labels: { benchmark_id: string } }) => t.labels.benchmark_id === "21",
      );
      expect(mine).toHaveLength(1);
      expect(mine[0].labels.task_index).toBe("0");
      const agentMetrics = `http://${mine[0].targets[0]}/metrics`;

      expect((await http("POST", `${api}/client-group/21/run`)).status).toBe(200);
      // Prometheus would scrape this while the load runs: the dead observer's posts fail, counted.
      const scraped = await waitFor(
        "the agent's metrics to count a failed observer update",
        async () => {
          const text = (await http("GET", agentMetrics)).body as string;
          const failed = /aifc_agent_observer_updates_total\{[^}]*result="failed"\} (\d+)/.exec(
            text,
          );
          return Number(failed?.[1] ?? 0) > 0 ? text : undefined;
        },
      );
      expect(scraped).toMatch(/aifc_agent_phase\{[^}]*phase="running"\} 1/);

      await untilState(21, "completed");
      const results = (await http("GET", `${api}/client-group/21/results`)).body;
      expect(results.requests.failed).toBe(0);
      expect(results.requests.completed).toBeGreaterThan(20);
      // A dead observer must not stretch the 2 s run.
      expect(results.duration_s).toBeGreaterThan(1.8);
      expect(results.duration_s).toBeLessThan(2.8);

      const final = updates.at(-1) as ObserverUpdate;
      expect(updates.filter((u) => u.final)).toEqual([final]);
      expect(updates.length).toBeGreaterThanOrEqual(6);
      expect(updates.map((u) => u.seq)).toEqual(updates.map((_, i) => i + 1));
      expect(final).toMatchObject({ benchmark_id: 21, task_index: 0, dropped: 0 });
      expect(final.totals).toMatchObject({
        completed: results.requests.completed,
        failed: results.requests.failed,
        warmup: results.requests.warmup,
        errors: results.errors,
        output_tokens: results.tokens.output,
      });
      // The windows tile the run: together they hold every request of the totals.
      expect(updates.reduce((sum, u) => sum + u.window.requests, 0)).toBe(final.totals.requests);
      const p50 = final.totals.ttft_ms.p50 as number;
      expect(Math.abs(p50 - results.latency_ms.ttft.p50)).toBeLessThan(
        results.latency_ms.ttft.p50 * 0.05,
      );

      const after = (await http("GET", `${api}/targets`)).body;
      expect(
        after.some((t: { labels: { benchmark_id: string } }) => t.labels.benchmark_id === "21"),
      ).toBe(false);
    } finally {
      observer.stop(true);
    }
  });

  test("a server that answers 429, 500 and cut streams gets them counted by class, and the agent carries on", async () => {
    await http("POST", `${faultyUrl}/stats/reset`);
    const created = await http("POST", `${api}/client-group/22`, {
      num_clients: 4,
      time_limit: 2,
      target: { base_url: faultyUrl },
      workload: { max_tokens: 8 },
      load: { requests: 80 },
    });
    expect(created.status).toBe(201);
    await untilState(22, "ready");
    expect((await http("POST", `${api}/client-group/22/run`)).status).toBe(200);
    const done = await untilState(22, "completed");
    expect(done.agents[0].state).toBe("done");

    const results = (await http("GET", `${api}/client-group/22/results`)).body;
    expect(results.requests.completed + results.requests.failed).toBe(80);
    expect(Object.keys(results.errors).sort()).toEqual(["aborted_stream", "http_429", "http_5xx"]);
    const mockStats = (await http("GET", `${faultyUrl}/stats`)).body;
    expect(mockStats.requests_total).toBe(80);
    expect(results.errors).toEqual({
      http_429: mockStats.rate_limited,
      http_5xx: mockStats.errors_injected,
      aborted_stream: mockStats.streams_cut,
    });
    expect(results.requests.failed).toBe(
      mockStats.rate_limited + mockStats.errors_injected + mockStats.streams_cut,
    );
    expect(mockStats.streams_stalled).toBeGreaterThan(0);

    // The agent uploaded its report and exited cleanly: the local job ends COMPLETED.
    const ended = await waitFor("the local job to end", async () => {
      const now = await info(22);
      return now.slurm_state === "COMPLETED" || now.slurm_state === "FAILED" ? now : undefined;
    });
    expect(ended.slurm_state).toBe("COMPLETED");
  });
});
