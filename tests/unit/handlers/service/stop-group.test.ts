import { describe, expect, test } from "bun:test";
import { sampleReport, serviceWorld } from "./service-world.ts";

const stopCalls = (world: ReturnType<typeof serviceWorld>) =>
  world.agentCalls.filter((c) => c.url.endsWith("/stop"));

/** A world with group `id` running on `nodes` agents that accept every call. */
async function runningGroup(id: number, nodes: number, options = {}) {
  const world = serviceWorld(options);
  const token = await world.readyGroup(id, { num_clients: nodes, nodes });
  const run = await world.call("POST", `/api/v1/client-group/${id}/run`);
  if (run.status !== 200) throw new Error(`run failed: ${run.text}`);
  return { world, token };
}

describe("POST /api/v1/client-group/{benchmark_id}/stop", () => {
  test("tells every agent to stop, with the group's token, and answers one result per agent", async () => {
    const { world, token } = await runningGroup(4, 2);
    const res = await world.call("POST", "/api/v1/client-group/4/stop");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "stopping", benchmark_id: 4 });
    expect(
      res.body.results.map((r: { agent_id: string; ok: boolean }) => [r.agent_id, r.ok]),
    ).toEqual([
      ["4-0", true],
      ["4-1", true],
    ]);
    expect(stopCalls(world).map((c) => [c.url, c.authorization])).toEqual([
      ["http://10.0.0.1:9000/stop", `Bearer ${token}`],
      ["http://10.0.0.2:9000/stop", `Bearer ${token}`],
    ]);
  });

  test("the stopped agents' partial results complete the group", async () => {
    const { world, token } = await runningGroup(4, 1);
    await world.call("POST", "/api/v1/client-group/4/stop");
    const runId = world.sentRunId();
    const report = sampleReport(runId, 0, { partial: true });
    const uploaded = await world.call(
      "POST",
      "/api/v1/client-group/4/results",
      report,
      world.bearer(token),
    );
    expect(uploaded.status).toBe(200);
    expect((await world.call("GET", "/api/v1/client-group/4")).body.info.state).toBe("completed");
    const results = await world.call("GET", "/api/v1/client-group/4/results");
    expect(results.body.partial).toBe(true);
  });

  test("an agent out of reach is reported and the others still stop", async () => {
    const { world } = await runningGroup(4, 2);
    world.agentAnswers.delete("http://10.0.0.2:9000");
    const res = await world.call("POST", "/api/v1/client-group/4/stop");
    expect(res.status).toBe(200);
    const [first, second] = res.body.results;
    expect(first).toMatchObject({ agent_id: "4-0", ok: true, status: 200 });
    expect(second).toMatchObject({ agent_id: "4-1", ok: false, status: null });
    expect(second.detail).toContain("agent unreachable");
  });

  test("an unknown group is 404 and no agent is called", async () => {
    const world = serviceWorld();
    const res = await world.call("POST", "/api/v1/client-group/99/stop");
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Benchmark id not found");
    expect(world.agentCalls).toEqual([]);
  });

  test("a group that is not running is 409 naming its state, and no agent is called", async () => {
    const world = serviceWorld();
    await world.readyGroup(4, { num_clients: 1 });
    const res = await world.call("POST", "/api/v1/client-group/4/stop");
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("state: ready");
    expect(stopCalls(world)).toEqual([]);
    expect((await world.call("GET", "/api/v1/client-group/4")).body.info.state).toBe("ready");
  });

  test("with an API token, a stop without it is 401 and no agent is called", async () => {
    const apiToken = "s3cret-api-token";
    const world = serviceWorld({ apiToken });
    const user = world.bearer(apiToken);
    await world.call("POST", "/api/v1/client-group/4", { num_clients: 1 }, user);
    const refused = await world.call("POST", "/api/v1/client-group/4/stop");
    expect(refused.status).toBe(401);
    expect(stopCalls(world)).toEqual([]);
    const allowed = await world.call("POST", "/api/v1/client-group/4/stop", undefined, user);
    expect(allowed.status).toBe(409);
  });
});

describe("the service proves itself to agents", () => {
  test("run and observer calls carry the group's token", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(5, { num_clients: 1 });
    await world.call("POST", "/api/v1/client-group/5/observer", {
      ip_address: "10.1.0.9",
      port: 7000,
    });
    await world.call("POST", "/api/v1/client-group/5/run");
    const sent = world.agentCalls.map((c) => [new URL(c.url).pathname, c.authorization]);
    expect(sent).toEqual([
      ["/observer", `Bearer ${token}`],
      ["/run", `Bearer ${token}`],
    ]);
  });

  test("an observer registered before an agent is handed to it with the group's token", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/6", { num_clients: 1 });
    await world.call("POST", "/api/v1/client-group/6/observer", {
      ip_address: "10.1.0.9",
      port: 7000,
    });
    const token = world.tokenOf(0);
    world.agentAnswers.set("http://10.0.0.1:9000", () => Response.json({ status: "registered" }));
    await world.call(
      "POST",
      "/api/v1/client-group/6/connect",
      { client_address: "http://10.0.0.1:9000", task_index: 0 },
      world.bearer(token),
    );
    expect(world.agentCalls.map((c) => c.authorization)).toEqual([`Bearer ${token}`]);
  });
});
