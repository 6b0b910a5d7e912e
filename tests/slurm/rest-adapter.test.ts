import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../core/clock.ts";
import { spawnRunner } from "../../slurm/command-runner.ts";
import { RestSlurm } from "../../slurm/rest.ts";
import { SlurmTokenSource } from "../../slurm/slurm-token-source.ts";
import { http, type RealProcess, waitFor } from "../integration/real-process.ts";
import {
  cancelJobs,
  JWT_KEY_FILE,
  jobOutput,
  readJwtKey,
  requireDevCluster,
  SLURMRESTD_URL,
  scontrolState,
  startMockAi,
  startService,
  waitForGroup,
} from "./slurm-cluster.ts";

const USER = process.env.USER ?? "root";

/**
 * The service with the REST adapter against the dev cluster's slurmrestd (v0.0.38, JWT auth),
 * with tokens minted from the cluster's jwt key as `scontrol token` would make them.
 */
describe("groups on a real Slurm through slurmrestd", () => {
  let dir: string;
  let mock: RealProcess;
  let service: RealProcess;
  let api: string;
  const jobIds = new Set<string>();

  beforeAll(async () => {
    requireDevCluster();
    readJwtKey();
    dir = mkdtempSync(join(tmpdir(), "aifc-slurm-rest-"));
    const config = join(dir, "slurm.conf");
    writeFileSync(
      config,
      [
        "# the dev cluster's slurmrestd",
        `url=${SLURMRESTD_URL}`,
        `user_name=${USER}`,
        "api_ver=v0.0.38",
        `jwt_key=${JWT_KEY_FILE}`,
        `output=${join(dir, "jobs", "slurm-%j.out")}`,
        "",
      ].join("\n"),
    );
    const started = await startMockAi();
    mock = started.mock;
    ({ service, api } = await startService([
      started.url,
      config,
      "--slurm",
      "rest",
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

  const explain = (jobId: string) => () =>
    `${service.output()}\n${jobOutput(join(dir, "jobs"), jobId)}`;

  test("a group is submitted, tracked and completed through slurmrestd", async () => {
    const created = await http("POST", `${api}/client-group/1`, {
      num_clients: 2,
      time_limit: 2,
      workload: { prompts: ["over rest"], max_tokens: 8 },
    });
    expect(created.status).toBe(201);
    const jobId = created.body.job_id as string;
    jobIds.add(jobId);
    await waitForGroup(api, 1, "ready", explain(jobId));
    expect((await http("POST", `${api}/client-group/1/run`)).status).toBe(200);
    const done = await waitForGroup(api, 1, "completed", explain(jobId));
    expect(done.agents).toHaveLength(1);
    const results = await http("GET", `${api}/client-group/1/results`);
    expect(results.body.requests).toEqual({ completed: 2, failed: 0, warmup: 0 });
    await waitFor("the job to end COMPLETED", async () =>
      scontrolState(jobId) === "COMPLETED" ? true : undefined,
    );
  });

  test("deleting a group cancels its job through slurmrestd", async () => {
    const created = await http("POST", `${api}/client-group/2`, { num_clients: 1, time_limit: 2 });
    expect(created.status).toBe(201);
    const jobId = created.body.job_id as string;
    jobIds.add(jobId);
    await waitForGroup(api, 2, "ready", explain(jobId));
    expect((await http("DELETE", `${api}/client-group/2`)).status).toBe(200);
    await waitFor("scontrol to show the job CANCELLED", async () =>
      scontrolState(jobId) === "CANCELLED" ? true : undefined,
    );
  });
});

describe("the REST adapter alone against slurmrestd", () => {
  let dir: string;
  beforeAll(() => {
    requireDevCluster();
    dir = mkdtempSync(join(tmpdir(), "aifc-slurm-rest-alone-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const adapter = (key: () => Uint8Array, partition?: string) =>
    new RestSlurm({
      url: SLURMRESTD_URL,
      apiVer: "v0.0.38",
      tokens: new SlurmTokenSource({
        config: { jwt_key: JWT_KEY_FILE, user_name: USER },
        clock: systemClock,
        run: spawnRunner(),
        readKey: key,
      }),
      fetch,
      jobsDir: dir,
      options: { partition },
      path: "/usr/bin:/bin",
    });
  const job = { name: "aifc-rest", timeLimitMin: 1, tasks: 1, environment: {} };

  test("a refused job keeps slurmrestd's own words", async () => {
    const slurm = adapter(readJwtKey, "nope");
    expect(await slurm.submit(job).catch((e) => e)).toMatchObject({
      kind: "refused",
      message: "Invalid partition name specified",
    });
  });

  test("an id Slurm never had reads UNKNOWN, and cancelling it is not an error", async () => {
    const slurm = adapter(readJwtKey);
    expect((await slurm.status(["999999"])).get("999999")?.state).toBe("UNKNOWN");
    await slurm.cancel("999999");
  });

  test("a token signed with another key is refused and nothing is submitted", async () => {
    const slurm = adapter(() => new TextEncoder().encode("not the cluster's key, 32 bytes!"));
    const error = await slurm.submit(job).catch((e) => e);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("slurmrestd");
  });
});
