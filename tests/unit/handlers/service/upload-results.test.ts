import { describe, expect, test } from "bun:test";
import { sampleReport, serviceWorld } from "./service-world.ts";

async function runningGroup(nodes = 1) {
  const world = serviceWorld();
  const token = await world.readyGroup(1, { num_clients: 2 * nodes, nodes });
  await world.call("POST", "/api/v1/client-group/1/run");
  const runId = world.sentRunId();
  return { world, token, runId };
}

describe("POST /api/v1/client-group/{benchmark_id}/results", () => {
  test("the last agent's report completes the group; a repeated upload is stored once", async () => {
    const { world, token, runId } = await runningGroup(2);
    const first = await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(runId, 0),
      world.bearer(token),
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: "stored", duplicate: false });
    const again = await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(runId, 0),
      world.bearer(token),
    );
    expect(again.body.duplicate).toBe(true);
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("running");
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(runId, 1),
      world.bearer(token),
    );
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("completed");
    expect(world.deps.store.reports(1, runId)).toHaveLength(2);
  });

  test("needs the group's token", async () => {
    const { world, runId } = await runningGroup();
    const res = await world.call("POST", "/api/v1/client-group/1/results", sampleReport(runId));
    expect(res.status).toBe(401);
    expect(world.deps.store.reports(1, runId)).toEqual([]);
  });

  test("a report for another run is 409 and not stored", async () => {
    const { world, token, runId } = await runningGroup();
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport("other-run"),
      world.bearer(token),
    );
    expect(res.status).toBe(409);
    expect(world.deps.store.reports(1, runId)).toEqual([]);
  });

  test("a malformed report is 422 naming the field", async () => {
    const { world, token, runId } = await runningGroup();
    const bad = { ...sampleReport(runId), requests: { completed: -1, failed: 0, warmup: 0 } };
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      bad,
      world.bearer(token),
    );
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("requests.completed");
  });
});

describe("POST /api/v1/client-group/{benchmark_id}/progress", () => {
  test("progress shows in the group's info", async () => {
    const { world, token, runId } = await runningGroup();
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/progress",
      { task_index: 0, run_id: runId, completed: 7, failed: 2 },
      world.bearer(token),
    );
    expect(res.status).toBe(200);
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.progress).toEqual({
      requests: 9,
      errors: 2,
    });
  });

  test("needs the group's token and a well-formed body", async () => {
    const { world, token, runId } = await runningGroup();
    const body = { task_index: 0, run_id: runId, completed: 1, failed: 0 };
    expect((await world.call("POST", "/api/v1/client-group/1/progress", body)).status).toBe(401);
    const bad = await world.call(
      "POST",
      "/api/v1/client-group/1/progress",
      { ...body, completed: "x" },
      world.bearer(token),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain("completed");
  });
});
