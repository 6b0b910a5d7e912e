import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

const address = { client_address: "http://10.1.2.3:40123" };

describe("POST /api/v1/client-group/{benchmark_id}/connect", () => {
  test("an agent with the group's token registers and the group becomes ready", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 2 });
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      address,
      world.bearer(world.tokenOf()),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: "registered",
      benchmark_id: 1,
      client_address: address.client_address,
    });
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("ready");
  });

  test("no token, a garbage token and another group's token are all 401 and register nothing", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    await world.call("POST", "/api/v1/client-group/2", { num_clients: 1 });
    const tokenOfGroup2 = world.tokenOf(1);
    for (const headers of [{}, world.bearer("not.a.jwt"), world.bearer(tokenOfGroup2)]) {
      const res = await world.call("POST", "/api/v1/client-group/1/connect", address, headers);
      expect(res.status).toBe(401);
      expect(typeof res.body.detail).toBe("string");
    }
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.agents).toEqual([]);
    expect(info.state).toBe("submitted");
  });

  test("an expired token is refused", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1, time_limit: 1 });
    world.clock.advance((60 + 3600 + 5) * 1000);
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      address,
      world.bearer(world.tokenOf()),
    );
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("expired");
  });

  test("with agent auth off, clients of the original register without a token", async () => {
    const world = serviceWorld({ agentAuth: false });
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    expect((await world.call("POST", "/api/v1/client-group/1/connect", address)).status).toBe(201);
  });

  test("an unknown group is 404 with the original's detail", async () => {
    const res = await serviceWorld().call("POST", "/api/v1/client-group/9/connect", address);
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Benchmark id not found");
  });

  test("bad bodies are 422 naming the field", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    const token = world.bearer(world.tokenOf());
    for (const [body, field] of [
      [{}, "client_address"],
      [{ client_address: "ftp://x" }, "client_address"],
      [{ client_address: 42 }, "client_address"],
      [{ client_address: "http://a:1", task_index: -1 }, "task_index"],
      [{ client_address: "http://a:1", task_index: 1 }, "task_index"],
    ] as const) {
      const res = await world.call("POST", "/api/v1/client-group/1/connect", body, token);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(field);
    }
  });

  test("a group with two nodes is starting after one agent and ready after both", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 4, nodes: 2 });
    const token = world.bearer(world.tokenOf());
    await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://a:1", task_index: 1 },
      token,
    );
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("starting");
    await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://b:1", task_index: 0 },
      token,
    );
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("ready");
  });
});
