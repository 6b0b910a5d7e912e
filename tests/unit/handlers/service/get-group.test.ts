import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("GET /api/v1/client-group/{benchmark_id}", () => {
  test("an unknown id is 404 with the original's detail", async () => {
    const res = await serviceWorld().call("GET", "/api/v1/client-group/99");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Benchmark id not found" });
  });

  test("a bad id is 422 naming benchmark_id", async () => {
    const res = await serviceWorld().call("GET", "/api/v1/client-group/x1");
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("benchmark_id");
  });

  test("shows state, job, agents, transitions and progress", async () => {
    const world = serviceWorld();
    world.clock.advance(0);
    await world.readyGroup(4, { num_clients: 5, nodes: 2 });
    const res = await world.call("GET", "/api/v1/client-group/4");
    expect(res.status).toBe(200);
    const { info } = res.body;
    expect(res.body.benchmark_id).toBe(4);
    expect(info.state).toBe("ready");
    expect(info.job_id).toBe("1000");
    expect(info.num_clients).toBe(5);
    expect(info.client_address).toEqual(["http://10.0.0.1:9000", "http://10.0.0.2:9000"]);
    expect(info.agents.map((a: { num_clients: number }) => a.num_clients)).toEqual([3, 2]);
    expect(info.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "starting",
      "ready",
    ]);
    expect(info.progress).toEqual({ requests: 0, errors: 0, rate_per_s: 0 });
    expect(typeof info.created_at).toBe("number");
  });
});
