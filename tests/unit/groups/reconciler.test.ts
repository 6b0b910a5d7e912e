import { describe, expect, test } from "bun:test";
import { sampleReport, serviceWorld } from "../handlers/service/service-world.ts";

async function groupWithJob(body: Record<string, unknown> = { num_clients: 1 }) {
  const world = serviceWorld();
  await world.call("POST", "/api/v1/client-group/1", body);
  const info = async () => (await world.call("GET", "/api/v1/client-group/1")).body.info;
  return { world, info };
}

describe("Reconciler", () => {
  test("a pending job moves the group to queued with Slurm's reason", async () => {
    const { world, info } = await groupWithJob();
    world.slurm.setState("1000", "PENDING", "Resources");
    await world.deps.reconciler.reconcileOnce();
    const i = await info();
    expect(i.state).toBe("queued");
    expect(i.slurm_state).toBe("PENDING");
    expect(i.slurm_reason).toBe("Resources");
    expect(i.transitions.at(-1)).toMatchObject({ state: "queued", reason: "Resources" });
  });

  test("a running job moves the group to starting, naming the node", async () => {
    const { world, info } = await groupWithJob();
    world.slurm.setState("1000", "RUNNING", null, "node017");
    await world.deps.reconciler.reconcileOnce();
    const i = await info();
    expect(i.state).toBe("starting");
    expect(i.reason).toContain("node017");
  });

  test("a job that fails fails the group with Slurm's reason and exit code", async () => {
    const { world, info } = await groupWithJob();
    world.slurm.setState("1000", "FAILED", "NonZeroExitCode", "node1", 3);
    await world.deps.reconciler.reconcileOnce();
    const i = await info();
    expect(i.state).toBe("failed");
    expect(i.reason).toBe("Slurm job 1000 ended: FAILED (NonZeroExitCode, exit code 3)");
  });

  test("a job cancelled outside the service cancels the group", async () => {
    const { world, info } = await groupWithJob();
    world.slurm.setState("1000", "CANCELLED");
    await world.deps.reconciler.reconcileOnce();
    expect(await info()).toMatchObject({
      state: "cancelled",
      reason: "Slurm job 1000 was cancelled outside the service",
    });
  });

  test("a job that runs out of time fails the group saying so", async () => {
    const { world, info } = await groupWithJob({ num_clients: 1, time_limit: 3 });
    world.slurm.setState("1000", "TIMEOUT");
    await world.deps.reconciler.reconcileOnce();
    expect((await info()).reason).toBe("Slurm job 1000 reached its time limit of 3 min");
  });

  test("a job Slurm forgot fails the group instead of leaving it pending forever", async () => {
    const { world, info } = await groupWithJob();
    world.slurm.forget("1000");
    await world.deps.reconciler.reconcileOnce();
    expect(await info()).toMatchObject({
      state: "failed",
      reason: "Slurm job 1000 is no longer known to Slurm",
    });
  });

  test("agents that do not register by the deadline fail the group, naming job, node and missing tasks", async () => {
    const { world, info } = await groupWithJob({ num_clients: 2, nodes: 2 });
    await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://a:1", task_index: 0 },
      world.bearer(world.tokenOf()),
    );
    world.slurm.setState("1000", "RUNNING", null, "node[1-2]");
    await world.deps.reconciler.reconcileOnce();
    expect((await info()).state).toBe("starting");
    world.clock.advance(121_000);
    await world.deps.reconciler.reconcileOnce();
    const i = await info();
    expect(i.state).toBe("failed");
    expect(i.reason).toContain("Slurm job 1000");
    expect(i.reason).toContain("node[1-2]");
    expect(i.reason).toContain("1 of 2 registered, missing task(s) 1");
  });

  test("a completed group stays completed when its job ends", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(1, { num_clients: 1 });
    await world.call("POST", "/api/v1/client-group/1/run");
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(world.sentRunId()),
      world.bearer(token),
    );
    world.slurm.setState("1000", "COMPLETED");
    await world.deps.reconciler.reconcileOnce();
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.state).toBe("completed");
  });

  test("a running group whose job ends before every report fails, counting the reports", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 2, nodes: 2 });
    await world.call("POST", "/api/v1/client-group/1/run");
    world.slurm.setState("1000", "COMPLETED");
    await world.deps.reconciler.reconcileOnce();
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.state).toBe("failed");
    expect(info.reason).toContain("0 of 2");
  });

  test("a Slurm that cannot answer changes nothing and is logged", async () => {
    const { world, info } = await groupWithJob();
    world.slurm.status = async () => {
      throw new Error("slurm_load_jobs error: Unable to contact slurm controller");
    };
    await world.deps.reconciler.reconcileOnce();
    expect((await info()).state).toBe("submitted");
    expect(world.lines.some((l) => l.event === "reconcile_failed")).toBe(true);
  });
});

describe("Reconciler after the group has ended", () => {
  test("keeps the Slurm state of a finished group's job until the job ends, then stops asking", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(1, { num_clients: 1 });
    world.slurm.setState("1000", "RUNNING", null, "node1");
    await world.call("POST", "/api/v1/client-group/1/run");
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(world.sentRunId()),
      world.bearer(token),
    );
    await world.deps.reconciler.reconcileOnce();
    expect((await world.call("GET", "/api/v1/client-group/1")).body.info.slurm_state).toBe(
      "RUNNING",
    );
    world.slurm.setState("1000", "COMPLETED");
    await world.deps.reconciler.reconcileOnce();
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info).toMatchObject({ state: "completed", slurm_state: "COMPLETED" });
    let asked = 0;
    const status = world.slurm.status.bind(world.slurm);
    world.slurm.status = async (ids) => {
      asked++;
      return status(ids);
    };
    await world.deps.reconciler.reconcileOnce();
    expect(asked).toBe(0);
  });
});

describe("Reconciler under a slow Slurm", () => {
  test("a pass started while one is under way joins it instead of asking Slurm again", async () => {
    const { world } = await groupWithJob();
    let asked = 0;
    let release: () => void = () => {};
    const status = world.slurm.status.bind(world.slurm);
    world.slurm.status = async (ids) => {
      asked++;
      await new Promise<void>((r) => {
        release = r;
      });
      return status(ids);
    };
    const first = world.deps.reconciler.reconcileOnce();
    const second = world.deps.reconciler.reconcileOnce();
    await Bun.sleep(10);
    release();
    await Promise.all([first, second]);
    expect(asked).toBe(1);
    const next = world.deps.reconciler.reconcileOnce();
    await Bun.sleep(10);
    release();
    await next;
    expect(asked).toBe(2);
  });

  test("a group whose agents all register while Slurm answers stays ready", async () => {
    const { world, info } = await groupWithJob({ num_clients: 5, nodes: 5 });
    let release: () => void = () => {};
    const status = world.slurm.status.bind(world.slurm);
    world.slurm.status = async (ids) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return status(ids);
    };
    // The pass has read the group (submitted, job PENDING) and now waits for Slurm.
    const pass = world.deps.reconciler.reconcileOnce();
    for (let task = 0; task < 5; task++) {
      await world.call(
        "POST",
        "/api/v1/client-group/1/connect",
        { client_address: `http://10.0.0.${task + 1}:9000`, task_index: task },
        world.bearer(world.tokenOf()),
      );
    }
    expect((await info()).state).toBe("ready");
    release();
    await pass;
    const i = await info();
    expect(i).toMatchObject({ state: "ready", slurm_state: "PENDING" });
    expect(i.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "starting",
      "ready",
    ]);
  });

  test("a run whose last report arrives while Slurm answers is completed once", async () => {
    const world = serviceWorld();
    const token = await world.readyGroup(1, { num_clients: 1 });
    world.slurm.setState("1000", "RUNNING", null, "node1");
    await world.call("POST", "/api/v1/client-group/1/run");
    let release: () => void = () => {};
    const status = world.slurm.status.bind(world.slurm);
    world.slurm.status = async (ids) => {
      await new Promise<void>((r) => {
        release = r;
      });
      return status(ids);
    };
    // The pass has read the group running and waits; the agent's report completes the run.
    const pass = world.deps.reconciler.reconcileOnce();
    await world.call(
      "POST",
      "/api/v1/client-group/1/results",
      sampleReport(world.sentRunId()),
      world.bearer(token),
    );
    release();
    await pass;
    const info = (await world.call("GET", "/api/v1/client-group/1")).body.info;
    expect(info.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "ready",
      "running",
      "completed",
    ]);
  });
});
