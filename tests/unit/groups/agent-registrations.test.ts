import { describe, expect, test } from "bun:test";
import { serviceWorld } from "../handlers/service/service-world.ts";

describe("AgentRegistrations.connect", () => {
  test("agents registering at once record starting once and ready once", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 5, nodes: 5 });
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, task) =>
        world.call(
          "POST",
          "/api/v1/client-group/1/connect",
          { client_address: `http://10.0.0.${task + 1}:9000`, task_index: task },
          world.bearer(world.tokenOf()),
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.state).toBe("ready");
    expect(info.agents).toHaveLength(5);
    expect(info.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "starting",
      "ready",
    ]);
    expect(info.transitions[1].reason).toBe("1 of 5 agents registered");
  });

  test("an agent registering again after the group is ready moves nothing", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(1, { num_clients: 2, nodes: 2 });
    const again = await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://10.0.0.2:9000", task_index: 1 },
      world.bearer(token),
    );
    expect(again.status).toBe(201);
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "starting",
      "ready",
    ]);
  });
});
