import { describe, expect, test } from "bun:test";
import { sampleReport, serviceWorld } from "./service-world.ts";

describe("GET /api/v1/client-group/{benchmark_id}/results", () => {
  test("409 while the benchmark runs, then the merged results of every agent", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(1, { num_clients: 4, nodes: 2 });
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    const early = await world.call("GET", "/api/v1/client-group/1/results");
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain("running");

    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(runId, 0),
      world.bearer(token),
    );
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(
        runId,
        1,
        {
          started_at: 1_700_000_002,
          finished_at: 1_700_000_020,
          requests: { completed: 1, failed: 0, warmup: 2 },
          errors: {},
          good_requests: 0,
          tokens: { input: 10, output: 100, source: "counted" },
        },
        { ttft: [50], tpot: [6], itl: [], e2e: [600] },
      ),
      world.bearer(token),
    );
    const res = await world.call("GET", "/api/v1/client-group/1/results");
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.state).toBe("completed");
    expect(r.duration_s).toBe(20);
    expect(r.requests).toEqual({ completed: 5, failed: 1, warmup: 2 });
    expect(r.errors).toEqual({ http_5xx: 1 });
    expect(r.tokens).toEqual({ input: 50, output: 500, source: "counted" });
    expect(r.throughput.requests_per_s).toBeCloseTo(5 / 20);
    expect(r.throughput.output_tokens_per_s).toBeCloseTo(500 / 20);
    expect(r.throughput.total_tokens_per_s).toBeCloseTo(550 / 20);
    expect(r.throughput.goodput_per_s).toBeCloseTo(4 / 20);
    // TTFT 10,20,30,40 (agent 0) and 50 (agent 1): as if one process had measured them.
    // Mean and extremes are exact; percentiles within the histograms' 0.05 %.
    expect(r.latency_ms.ttft.mean).toBe(30);
    expect(r.latency_ms.ttft.min).toBe(10);
    expect(r.latency_ms.ttft.max).toBe(50);
    expect(Math.abs(r.latency_ms.ttft.p50 - 30)).toBeLessThan(30 * 0.0005);
    // E2E 500,510,520,530,600: numpy's p90 interpolates 530 → 600 at 0.6, giving 572.
    expect(Math.abs(r.latency_ms.e2e.p90 - 572)).toBeLessThan(572 * 0.0005);
    expect(r.latency_ms.itl).toMatchObject({ min: 5, max: 5, mean: 5 });
    expect(r.latency_ms.ttft_from_intended).toBeNull();
    expect(r.schedule).toBeNull();
    expect(r.agents).toHaveLength(2);
    expect(r.agents[1]).toEqual({
      agent_id: "1-1",
      address: "http://10.0.0.2:9000",
      requests: 1,
      errors: 0,
    });
  });

  test("404 for an unknown group, 409 for a group that ended without results", async () => {
    const world = serviceWorld();
    expect((await world.call("GET", "/api/v1/client-group/5/results")).status).toBe(404);
    await world.call("POST", "/api/v1/client-group/5", { num_clients: 1 });
    world.slurm.setState("1000", "FAILED", "NonZeroExitCode", "node1", 1);
    await world.deps.reconciler.reconcileOnce();
    const res = await world.call("GET", "/api/v1/client-group/5/results");
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("failed");
  });
});
