import { describe, expect, test } from "bun:test";
import { RATE_STALE_AFTER_MS } from "../../../../core/groups/live-progress.ts";
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

describe("POST /api/v1/client-group/{benchmark_id}/results with histograms", () => {
  test("a report whose histogram is not one of ours is 422 naming the metric, and not stored", async () => {
    const { world, token, runId } = await runningGroup();
    const report = sampleReport(runId);
    const bad = {
      ...report,
      latency: { ...report.latency, e2e: { ...report.latency.e2e, count: 9 } },
    };
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      bad,
      world.bearer(token),
    );
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe("latency.e2e: histogram holds 4 values but count is 9");
    expect(world.deps.store.reports(1, runId)).toEqual([]);
  });

  test("a histogram that is not base64 is refused by the schema", async () => {
    const { world, token, runId } = await runningGroup();
    const report = sampleReport(runId);
    const bad = {
      ...report,
      latency: { ...report.latency, ttft: { ...report.latency.ttft, histogram: "not base64!" } },
    };
    const res = await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      bad,
      world.bearer(token),
    );
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("latency.ttft.histogram: must be base64");
  });
});

describe("POST /api/v1/client-group/{benchmark_id}/progress", () => {
  test("progress shows in the group's info, with the agents' current rate summed", async () => {
    const { world, token, runId } = await runningGroup(2);
    const post = (task: number, completed: number, rate: number) =>
      world.call(
        "POST",
        "/api/v1/client-group/1/progress",
        { task_index: task, run_id: runId, completed, failed: 2, rate_per_s: rate },
        world.bearer(token),
      );
    expect((await post(0, 7, 12.5)).status).toBe(200);
    await post(1, 3, 4);
    const info = async () => (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect((await info()).progress).toEqual({ requests: 14, errors: 4, rate_per_s: 16.5 });
    // An agent silent for longer than the staleness bound no longer adds to the rate.
    world.clock.advance(RATE_STALE_AFTER_MS + 1);
    await post(1, 5, 3);
    expect((await info()).progress.rate_per_s).toBe(3);
    // Once an agent has reported its results, its rate is gone; a finished group shows 0.
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(runId, 1),
      world.bearer(token),
    );
    expect((await info()).progress.rate_per_s).toBe(0);
  });

  test("an agent that sends no rate (an older agent) counts as 0", async () => {
    const { world, token, runId } = await runningGroup();
    await world.call(
      "POST",
      "/api/v1/client-group/1/progress",
      { task_index: 0, run_id: runId, completed: 1, failed: 0 },
      world.bearer(token),
    );
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.progress).toEqual({ requests: 1, errors: 0, rate_per_s: 0 });
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
    const negative = await world.call(
      "POST",
      "/api/v1/client-group/1/progress",
      { ...body, rate_per_s: -1 },
      world.bearer(token),
    );
    expect(negative.status).toBe(422);
    expect(negative.body.detail).toContain("rate_per_s");
  });
});

describe("a run so short its agents report before /run has answered", () => {
  test("still completes the group, with the report counted", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(1, { num_clients: 1 });
    world.agentAnswers.set("http://10.0.0.1:9000", async (_path, body) => {
      const runId = (body as { run_id: string }).run_id;
      const upload = await world.call(
        "POST",
        "/api/v1/client-group/1/results",
        sampleReport(runId),
        world.bearer(token),
      );
      expect(upload.status).toBe(200);
      return Response.json({ status: "started" });
    });
    expect((await world.call("POST", "/api/v1/client-group/1/run")).status).toBe(200);
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.state).toBe("completed");
    expect(
      (await world.call("GET", "/api/v1/client-group/1/results")).body.requests.completed,
    ).toBe(4);
  });

  test("a second run while the first is being dispatched is refused", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 1 });
    let release: () => void = () => {};
    world.agentAnswers.set("http://10.0.0.1:9000", async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return Response.json({ status: "started" });
    });
    const first = world.call("POST", "/api/v1/client-group/1/run");
    await Bun.sleep(5);
    const second = await world.call("POST", "/api/v1/client-group/1/run");
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
    expect(world.agentCalls.filter((c) => c.url.endsWith("/run"))).toHaveLength(1);
  });
});
