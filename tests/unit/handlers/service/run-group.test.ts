import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("POST /api/v1/client-group/{benchmark_id}/run", () => {
  test("dispatches the stored load spec to every agent and moves the group to running", async () => {
    const world = serviceWorld();
    await world.readyGroup(3, {
      num_clients: 4,
      nodes: 2,
      workload: { prompts: ["hi"], max_tokens: 7 },
    });
    const res = await world.call("POST", "/api/v1/client-group/3/run");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("dispatched");
    expect(res.body.benchmark_id).toBe(3);
    expect(res.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    const runCalls = world.agentCalls.filter((c) => c.url.endsWith("/run"));
    expect(runCalls).toHaveLength(2);
    const sent = runCalls[0]?.body as {
      base_url: string;
      spec: { workload: { prompts: string[]; max_tokens: number } };
    };
    expect(sent.base_url).toBe("http://127.0.0.1:8000");
    expect(sent.spec.workload.prompts).toEqual(["hi"]);
    expect(sent.spec.workload.max_tokens).toBe(7);
    expect((await world.call("GET", "/api/v1/client-group/3")).body.info.state).toBe("running");
  });

  test("per-run overrides change only the fields they name", async () => {
    const world = serviceWorld();
    await world.readyGroup(3, { num_clients: 1, workload: { prompts: ["hi"], max_tokens: 7 } });
    await world.call("POST", "/api/v1/client-group/3/run", { workload: { max_tokens: 9 } });
    const sent = world.agentCalls.find((c) => c.url.endsWith("/run"))?.body as {
      spec: { workload: { prompts: string[]; max_tokens: number } };
    };
    expect(sent.spec.workload).toMatchObject({ prompts: ["hi"], max_tokens: 9 });
  });

  test("a group that is not ready is 409 and nothing is sent", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/3", { num_clients: 1 });
    const res = await world.call("POST", "/api/v1/client-group/3/run");
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("submitted");
    expect(world.agentCalls).toEqual([]);
  });

  test("when no agent can be reached it is 502 and the group stays ready", async () => {
    const world = serviceWorld();
    await world.readyGroup(3, { num_clients: 1 });
    world.agentAnswers.clear();
    const res = await world.call("POST", "/api/v1/client-group/3/run");
    expect(res.status).toBe(502);
    expect(res.body.detail).toContain("unreachable");
    expect((await world.call("GET", "/api/v1/client-group/3")).body.info.state).toBe("ready");
  });

  test("unknown group 404, bad overrides 422", async () => {
    const world = serviceWorld();
    expect((await world.call("POST", "/api/v1/client-group/5/run")).status).toBe(404);
    await world.readyGroup(3, { num_clients: 1 });
    const bad = await world.call("POST", "/api/v1/client-group/3/run", { load: { timeout_s: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain("timeout_s");
    expect((await world.call("GET", "/api/v1/client-group/3")).body.info.state).toBe("ready");
  });
});
