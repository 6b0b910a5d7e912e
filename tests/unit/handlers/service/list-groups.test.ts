import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("GET /api/v1/client-groups", () => {
  test("lists every group with its state, in id order", async () => {
    const world = serviceWorld();
    expect((await world.call("GET", "/api/v1/client-groups")).body).toEqual({
      groups: [],
      total: 0,
    });
    await world.call("POST", "/api/v1/client-group/2", { num_clients: 1 });
    await world.readyGroup(1, { num_clients: 2 });
    const res = await world.call("GET", "/api/v1/client-groups");
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(
      res.body.groups.map((g: { benchmark_id: number; state: string }) => [
        g.benchmark_id,
        g.state,
      ]),
    ).toEqual([
      [1, "ready"],
      [2, "submitted"],
    ]);
  });

  test("each group shows its summary and how many agents registered", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 4, nodes: 2 });
    await world.call("POST", "/api/v1/client-group/2", { num_clients: 1, time_limit: 5 });
    const res = await world.call("GET", "/api/v1/client-groups");
    const created = world.clock.now() / 1000;
    expect(res.body).toEqual({
      groups: [
        {
          benchmark_id: 1,
          state: "ready",
          num_clients: 4,
          nodes: 2,
          job_id: "1000",
          created_at: created,
          agents: 2,
        },
        {
          benchmark_id: 2,
          state: "submitted",
          num_clients: 1,
          nodes: 1,
          job_id: "1001",
          created_at: created,
          agents: 0,
        },
      ],
      total: 2,
    });
  });
});
