import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ShellSlurm } from "../../slurm/shell.ts";
import { http, type RealProcess, waitFor } from "../integration/real-process.ts";
import {
  cancelJobs,
  jobOutput,
  requireDevCluster,
  scontrolState,
  startMockAi,
  startService,
  waitForGroup,
} from "./slurm-cluster.ts";

/**
 * The service with the shell adapter against the real one-node Slurm of slurm/dev-cluster.sh:
 * jobs go through sbatch, agents start on the node, register, run against the mock AI server.
 */
describe("groups on a real Slurm through sbatch", () => {
  let dir: string;
  let mock: RealProcess;
  let mockUrl: string;
  let service: RealProcess;
  let api: string;
  const jobIds = new Set<string>();

  beforeAll(async () => {
    requireDevCluster();
    dir = mkdtempSync(join(tmpdir(), "aifc-slurm-shell-"));
    ({ mock, url: mockUrl } = await startMockAi());
    ({ service, api } = await startService([
      mockUrl,
      "--slurm",
      "shell",
      "--db",
      join(dir, "service.db"),
      "--jobs-dir",
      join(dir, "jobs"),
    ]));
  });

  afterAll(async () => {
    cancelJobs(jobIds);
    await service?.stop();
    await mock?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const explain = (jobId?: string) => () =>
    `${service.output()}\n${jobId ? jobOutput(join(dir, "jobs"), jobId) : ""}`;

  async function create(id: number, body: Record<string, unknown>) {
    const created = await http("POST", `${api}/client-group/${id}`, body);
    expect(created.status).toBe(201);
    jobIds.add(created.body.job_id);
    return created.body.job_id as string;
  }

  async function runToCompletion(id: number, jobId: string) {
    await waitForGroup(api, id, "ready", explain(jobId));
    const run = await http("POST", `${api}/client-group/${id}/run`);
    expect(run.status).toBe(200);
    await waitForGroup(api, id, "completed", explain(jobId));
    const results = await http("GET", `${api}/client-group/${id}/results`);
    expect(results.status).toBe(200);
    return results.body;
  }

  test("a single-task group is submitted with sbatch, registers, runs and completes", async () => {
    const started = Date.now();
    const jobId = await create(1, {
      num_clients: 2,
      time_limit: 2,
      workload: { prompts: ["one", "two"], max_tokens: 8 },
    });
    expect(jobId).toMatch(/^\d+$/);
    const results = await runToCompletion(1, jobId);
    expect(results.requests).toEqual({ completed: 2, failed: 0, warmup: 0 });
    expect(results.agents).toHaveLength(1);
    console.log(`single-task benchmark through sbatch: ${Date.now() - started} ms`);
    // The agent exits after uploading: Slurm ends the job COMPLETED.
    await waitFor("the job to end COMPLETED", async () =>
      scontrolState(jobId) === "COMPLETED" ? true : undefined,
    );
  });

  test("a 2-task group starts one agent per task through srun and both report", async () => {
    const jobId = await create(2, { num_clients: 4, time_limit: 2, nodes: 2 });
    const ready = await waitForGroup(api, 2, "ready", explain(jobId));
    expect(ready.agents.map((a: { task_index: number }) => a.task_index).sort()).toEqual([0, 1]);
    const results = await runToCompletion(2, jobId);
    expect(results.agents).toHaveLength(2);
    expect(results.requests.completed).toBe(4);
  });

  test("deleting a group cancels its running job in Slurm", async () => {
    const jobId = await create(3, { num_clients: 1, time_limit: 2 });
    await waitForGroup(api, 3, "ready", explain(jobId));
    expect(scontrolState(jobId)).toBe("RUNNING");
    const deleted = await http("DELETE", `${api}/client-group/3`);
    expect(deleted.body).toEqual({ status: "deleted", benchmark_id: 3 });
    // scancel ends the job at once; Slurm shows COMPLETING while the node cleans up.
    expect(["CANCELLED", "COMPLETING"]).toContain(scontrolState(jobId) as string);
    await waitFor("scontrol to show the job CANCELLED", async () =>
      scontrolState(jobId) === "CANCELLED" ? true : undefined,
    );
  });
});

describe("the shell adapter alone on a real Slurm", () => {
  let dir: string;

  beforeAll(() => {
    requireDevCluster();
    dir = mkdtempSync(join(tmpdir(), "aifc-slurm-adapter-"));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const job = { name: "aifc-refused", timeLimitMin: 1, tasks: 1, environment: {} };

  test("a refused sbatch rejects with sbatch's own words", async () => {
    const slurm = new ShellSlurm({ jobsDir: dir, options: { partition: "nope" } });
    expect(await slurm.submit(job).catch((e) => e)).toMatchObject({
      kind: "refused",
      message:
        "invalid partition specified: nope; Batch job submission failed: Invalid partition name specified",
    });
  });

  test("an id Slurm never had reads UNKNOWN, and cancelling it is not an error", async () => {
    const slurm = new ShellSlurm({ jobsDir: dir });
    const statuses = await slurm.status(["999999", "999998"]);
    expect([...statuses.values()].map((s) => s.state)).toEqual(["UNKNOWN", "UNKNOWN"]);
    await slurm.cancel("999999");
  });
});

describe("a job whose agents exit early on a real Slurm", () => {
  let dir: string;
  let mock: RealProcess;
  let service: RealProcess;
  let api: string;
  const jobIds = new Set<string>();

  beforeAll(async () => {
    requireDevCluster();
    dir = mkdtempSync(join(tmpdir(), "aifc-slurm-early-"));
    const started = await startMockAi();
    mock = started.mock;
    // Agents call the advertised address to register: the mock AI server answers 404 there,
    // which the agent takes as final and exits 1.
    ({ service, api } = await startService([
      started.url,
      "--slurm",
      "shell",
      "--public-url",
      started.url,
      "--db",
      join(dir, "service.db"),
      "--jobs-dir",
      join(dir, "jobs"),
    ]));
  });

  afterAll(async () => {
    cancelJobs(jobIds);
    await service?.stop();
    await mock?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the group fails with Slurm's reason and exit code", async () => {
    const created = await http("POST", `${api}/client-group/1`, { num_clients: 1, time_limit: 2 });
    expect(created.status).toBe(201);
    const jobId = created.body.job_id as string;
    jobIds.add(jobId);
    const failed = await waitForGroup(
      api,
      1,
      "failed",
      () => `${service.output()}\n${jobOutput(join(dir, "jobs"), jobId)}`,
    );
    expect(failed.slurm_state).toBe("FAILED");
    expect(failed.slurm_reason).toBe("NonZeroExitCode");
    expect(failed.reason).toBe(`Slurm job ${jobId} ended: FAILED (NonZeroExitCode, exit code 1)`);
    expect(jobOutput(join(dir, "jobs"), jobId)).toContain("register_failed");
  });
});
