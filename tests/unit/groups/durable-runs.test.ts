import { describe, expect, test } from "bun:test";
import { AgentReport } from "../../../core/schemas/results.ts";
import { sampleReport, serviceWorld } from "../handlers/service/service-world.ts";

/** A ready group of `nodes` agents, its token and a helper to post as those agents. */
async function readyWorld(nodes = 1) {
  const world = serviceWorld();
  const token = await world.readyGroup(1, { num_clients: 2 * nodes, nodes });
  const asAgent = (path: string, body: unknown) =>
    world.call("POST", `/api/v1/client-group/1/${path}`, body, world.bearer(token));
  const info = async () => (await world.call("GET", "/api/v1/client-group/1")).body.info;
  return { world, token, asAgent, info };
}

describe("a group's run survives the service being stopped at any moment", () => {
  test("an agent registering again with the same address keeps its state and counts", async () => {
    const { world, asAgent, info } = await readyWorld();
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    await asAgent("progress", { task_index: 0, run_id: runId, completed: 7, failed: 1 });
    const before = (await info()).agents[0];
    const again = await asAgent("connect", { client_address: before.address, task_index: 0 });
    expect(again.status).toBe(201);
    const after = await info();
    expect(after.state).toBe("running");
    expect(after.agents).toEqual([before]);
    expect(before).toMatchObject({ state: "running", requests: 8, errors: 1 });
  });

  test("a registration whose answer was lost before the group moved completes the move when repeated", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    // The service stored the agent, then was killed before it moved the group to ready.
    world.deps.store.upsertAgent(1, {
      task_index: 0,
      address: "http://10.0.0.1:9000",
      registered_at: 1,
      num_clients: 1,
      state: "registered",
      requests: 0,
      errors: 0,
    });
    const again = await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://10.0.0.1:9000", task_index: 0 },
      world.bearer(world.tokenOf()),
    );
    expect(again.status).toBe(201);
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("ready");
  });

  test("a report before any run was dispatched is 409 and not stored (a stale spooled report)", async () => {
    const { world, asAgent } = await readyWorld();
    const res = await asAgent("results", sampleReport("run-of-another-service"));
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(
      "Report is for run run-of-another-service, but the group's run is not started",
    );
    expect(world.deps.store.reports(1, "run-of-another-service")).toEqual([]);
  });

  test("killed while dispatching: the agents' report on that run moves the group on", async () => {
    const { world, asAgent, info } = await readyWorld();
    // The run id was stored and the agents told, but the move to running was never written.
    world.deps.store.setRunId(1, "run-in-flight");
    const res = await asAgent("results", sampleReport("run-in-flight"));
    expect(res.status).toBe(200);
    const now = await info();
    expect(now.state).toBe("completed");
    expect(now.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "ready",
      "running",
      "completed",
    ]);
    expect(now.transitions[2].reason).toMatch(/^agents are running run /);
  });

  test("killed while dispatching: a progress post also marks the group running", async () => {
    const { world, asAgent, info } = await readyWorld();
    world.deps.store.setRunId(1, "run-in-flight");
    await asAgent("progress", { task_index: 0, run_id: "run-in-flight", completed: 1, failed: 0 });
    expect((await info()).state).toBe("running");
  });

  test("a second run that no agent starts keeps the run the agents are still on", async () => {
    const { world, asAgent, info } = await readyWorld();
    world.deps.store.setRunId(1, "run-in-flight");
    world.agentAnswers.set("http://10.0.0.1:9000", () =>
      Response.json({ detail: "A run is already in progress" }, { status: 409 }),
    );
    expect((await world.call("POST", "/api/v1/client-group/1/run")).status).toBe(502);
    expect(world.deps.store.getGroup(1)?.run_id).toBe("run-in-flight");
    expect((await asAgent("results", sampleReport("run-in-flight"))).status).toBe(200);
    expect((await info()).state).toBe("completed");
  });

  test("every report stored but the move lost: the reconciler completes the group", async () => {
    const { world, info } = await readyWorld();
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    world.deps.store.addReport(1, AgentReport.parse(sampleReport(runId)));
    expect((await info()).state).toBe("running");
    world.slurm.setState("1000", "RUNNING");
    await world.deps.reconciler.reconcileOnce();
    expect((await info()).state).toBe("completed");
  });
});

describe("how a run ended is in the group's reason", () => {
  test("agents that could not reach the AI server fail the group with their sentence", async () => {
    const { world, asAgent, info } = await readyWorld(2);
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    const why =
      "the AI server at http://127.0.0.1:9 refused every connection (ECONNREFUSED); the run was stopped after 10 attempts";
    for (const task of [0, 1]) {
      await asAgent(
        "results",
        sampleReport(runId, task, { partial: true, failed: true, reason: why }),
      );
    }
    expect(await info()).toMatchObject({ state: "failed", reason: `${why} (tasks 0, 1)` });
    // What was measured (the refusals) can still be read.
    const results = await world.call("GET", "/api/v1/client-group/1/results");
    expect(results.status).toBe(200);
    expect(results.body.partial).toBe(true);
  });

  test("a stopped agent's partial report completes the group naming why", async () => {
    const { world, asAgent, info } = await readyWorld(2);
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    const sigterm = "stopped by SIGTERM (Slurm's warning before the time limit, or scancel)";
    await asAgent("results", sampleReport(runId, 0));
    await asAgent("results", sampleReport(runId, 1, { partial: true, reason: sigterm }));
    expect(await info()).toMatchObject({
      state: "completed",
      reason: `partial results: ${sigterm} (task 1)`,
    });
  });

  test("one agent unreachable and one measuring is a completed, partial run", async () => {
    const { world, asAgent, info } = await readyWorld(2);
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    await asAgent("results", sampleReport(runId, 0));
    await asAgent(
      "results",
      sampleReport(runId, 1, { partial: true, failed: true, reason: "unreachable" }),
    );
    expect(await info()).toMatchObject({
      state: "completed",
      reason: "partial results: unreachable (task 1)",
    });
  });
});
