import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

const monitor = { ip_address: "10.9.9.9", port: 7000, update_preferences: { interval_ms: 500 } };

describe("POST /api/v1/client-group/{benchmark_id}/observer", () => {
  test("forwards the observer to every registered agent", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 2, nodes: 2 });
    const res = await world.call("POST", "/api/v1/client-group/1/observer", monitor);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: "registered",
      benchmark_id: 1,
      observer: { ip_address: "10.9.9.9", port: 7000, interval_ms: 500 },
      forwarded_to: 2,
    });
    const forwarded = world.agentCalls.filter((c) => c.url.endsWith("/observer"));
    expect(forwarded.map((c) => c.body)).toEqual([monitor, monitor]);
  });

  test("an observer registered before the agents is handed to each agent as it connects", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    expect(
      (await world.call("POST", "/api/v1/client-group/1/observer", monitor)).body.forwarded_to,
    ).toBe(0);
    world.agentAnswers.set("http://10.0.0.1:9000", () =>
      Response.json({ status: "registered" }, { status: 201 }),
    );
    await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://10.0.0.1:9000" },
      world.bearer(world.tokenOf()),
    );
    expect(world.agentCalls.filter((c) => c.url === "http://10.0.0.1:9000/observer")).toHaveLength(
      1,
    );
  });

  test("an unreachable agent is 502 and the observer is not kept", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 1 });
    world.agentAnswers.clear();
    const res = await world.call("POST", "/api/v1/client-group/1/observer", monitor);
    expect(res.status).toBe(502);
    expect(world.deps.store.observers(1)).toEqual([]);
  });

  test("404 for an unknown group, 422 for a bad observer", async () => {
    const world = serviceWorld();
    expect((await world.call("POST", "/api/v1/client-group/4/observer", monitor)).status).toBe(404);
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    for (const [body, field] of [
      [{ ip_address: "10.0.0.1" }, "port"],
      [{ ip_address: "10.0.0.1", port: 70000 }, "port"],
      [{ ip_address: "http://evil/x?y", port: 80 }, "ip_address"],
      [{ ip_address: "", port: 80 }, "ip_address"],
      [{ ip_address: "...", port: 80 }, "ip_address"],
    ] as const) {
      const res = await world.call("POST", "/api/v1/client-group/1/observer", body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(field);
    }
  });
});
