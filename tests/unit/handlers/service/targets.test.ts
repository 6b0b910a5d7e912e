import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("GET /api/v1/targets", () => {
  test("with no groups there is nothing to scrape", async () => {
    const res = await serviceWorld().call("GET", "/api/v1/targets");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  test("every registered agent of a live group is a target labelled with its group's ids", async () => {
    const world = serviceWorld();
    await world.readyGroup(7, { num_clients: 4, nodes: 2 });
    await world.call("POST", "/api/v1/client-group/8", { num_clients: 1 });
    const jobId = (await world.call("GET", "/api/v1/client-group/7")).body.info.job_id;
    const res = await world.call("GET", "/api/v1/targets");
    expect(res.body).toEqual([
      { targets: ["10.0.0.1:9000"], labels: { benchmark_id: "7", task_index: "0", job_id: jobId } },
      { targets: ["10.0.0.2:9000"], labels: { benchmark_id: "7", task_index: "1", job_id: jobId } },
    ]);
  });

  test("agents of an ended group, and agents that are done, are not scraped", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 2, nodes: 2 });
    await world.readyGroup(2, { num_clients: 1 });
    await world.readyGroup(3, { num_clients: 1 });
    world.deps.store.setAgentProgress(1, 0, 5, 0, "done");
    world.deps.store.moveGroup(2, "ready", "failed", 1_700_000_100, "the job died");
    await world.call("DELETE", "/api/v1/client-group/3");
    const res = await world.call("GET", "/api/v1/targets");
    expect(res.body.map((t: { targets: string[] }) => t.targets[0])).toEqual(["10.0.0.2:9000"]);
  });

  test("an address without a port gets its scheme's port; IPv6 keeps its brackets", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/4", { num_clients: 2, nodes: 2 });
    const token = world.tokenOf(0);
    for (const [task_index, client_address] of [
      [0, "http://agent.example.org"],
      [1, "http://[fd00::7]:8123"],
    ] as const) {
      const connected = await world.call(
        "POST",
        "/api/v1/client-group/4/connect",
        { client_address, task_index },
        world.bearer(token),
      );
      expect(connected.status).toBe(201);
    }
    const res = await world.call("GET", "/api/v1/targets");
    expect(res.body.map((t: { targets: string[] }) => t.targets[0])).toEqual([
      "agent.example.org:80",
      "[fd00::7]:8123",
    ]);
  });

  test("with an API token set, the list of agents needs it", async () => {
    const world = serviceWorld({ apiToken: "s3cret-token-0123456789" });
    expect((await world.call("GET", "/api/v1/targets")).status).toBe(401);
    const ok = await world.call("GET", "/api/v1/targets", undefined, {
      authorization: "Bearer s3cret-token-0123456789",
    });
    expect(ok.status).toBe(200);
  });

  test("the route is in the OpenAPI document", async () => {
    const spec = (await serviceWorld().call("GET", "/openapi.json")).body;
    expect(spec.paths["/api/v1/targets"].get.summary).toContain("Prometheus");
  });
});
