import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("DELETE /api/v1/client-group/{benchmark_id}", () => {
  test("cancels the job and forgets the group; the id can be used again", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/11", { num_clients: 1 });
    const res = await world.call("DELETE", "/api/v1/client-group/11");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "deleted", benchmark_id: 11 });
    expect(world.slurm.cancelled).toEqual(["1000"]);
    expect((await world.slurm.status(["1000"])).get("1000")?.state).toBe("CANCELLED");
    expect((await world.call("GET", "/api/v1/client-group/11")).status).toBe(404);
    expect((await world.call("POST", "/api/v1/client-group/11", { num_clients: 1 })).status).toBe(
      201,
    );
  });

  test("an unknown id is 404 and cancels nothing", async () => {
    const world = serviceWorld();
    const res = await world.call("DELETE", "/api/v1/client-group/12");
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("Benchmark id not found");
    expect(world.slurm.cancelled).toEqual([]);
  });

  test("a bad id is 422", async () => {
    expect((await serviceWorld().call("DELETE", "/api/v1/client-group/-3")).status).toBe(422);
  });
});

describe("DELETE of a finished group", () => {
  test("still cancels a job that is completing, and leaves a finished one alone", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    world.slurm.setState("1000", "COMPLETING");
    world.deps.store.moveGroup(1, "submitted", "failed", 1, "test");
    world.deps.store.setSlurmState(1, "COMPLETING", null);
    await world.call("DELETE", "/api/v1/client-group/1");
    expect(world.slurm.cancelled).toEqual(["1000"]);

    await world.call("POST", "/api/v1/client-group/2", { num_clients: 1 });
    world.deps.store.moveGroup(2, "submitted", "failed", 1, "test");
    world.deps.store.setSlurmState(2, "FAILED", "NonZeroExitCode");
    await world.call("DELETE", "/api/v1/client-group/2");
    expect(world.slurm.cancelled).toEqual(["1000"]);
  });
});
