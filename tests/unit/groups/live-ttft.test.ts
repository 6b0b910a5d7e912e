import { expect, test } from "bun:test";
import { sampleReport, serviceWorld } from "../handlers/service/service-world.ts";

test("a running group shows the agents' live p50 TTFT, weighted by their requests", async () => {
  const world = serviceWorld();
  const token = await world.readyGroup(1, { num_clients: 4, nodes: 2 });
  expect((await world.call("POST", "/api/v1/client-group/1/run")).status).toBe(200);
  const runId = world.sentRunId();
  const progress = (task: number, completed: number, ttft?: number) =>
    world.call(
      "POST",
      "/api/v1/client-group/1/progress",
      { task_index: task, run_id: runId, completed, failed: 0, ttft_p50_ms: ttft },
      world.bearer(token),
    );
  const live = async () =>
    (await world.call("GET", "/api/v1/client-group/1")).body.info.progress.ttft_p50_ms;

  expect(await live()).toBeUndefined();
  await progress(0, 30, 10);
  expect(await live()).toBe(10);
  await progress(1, 10, 40);
  expect(await live()).toBe((10 * 30 + 40 * 10) / 40);
  // An agent with no answered request yet sends no TTFT and does not pull the median down.
  await progress(1, 0);
  expect(await live()).toBe(10);
  for (const task of [0, 1]) {
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(runId, task),
      world.bearer(token),
    );
  }
  // Once the run has ended the results carry the exact numbers; the live value is gone.
  expect(await live()).toBeUndefined();
});

test("a negative TTFT in a progress post is refused, naming the field", async () => {
  const world = serviceWorld();
  const token = await world.readyGroup(1);
  await world.call("POST", "/api/v1/client-group/1/run");
  const refused = await world.call(
    "POST",
    "/api/v1/client-group/1/progress",
    { task_index: 0, run_id: world.sentRunId(), completed: 1, failed: 0, ttft_p50_ms: -1 },
    world.bearer(token),
  );
  expect(refused.status).toBe(422);
  expect(refused.body.detail).toContain("ttft_p50_ms");
});
