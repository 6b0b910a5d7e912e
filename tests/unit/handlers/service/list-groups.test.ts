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
});
