import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { JobSpec } from "../../../slurm/adapter.ts";
import { JOB_SCRIPT } from "../../../slurm/job-script.ts";
import { ShellSlurm, type ShellSlurmOptions } from "../../../slurm/shell.ts";
import { fakeRunner } from "./fake-runner.ts";
import {
  INVALID_JOB_ID,
  NO_CONTROLLER,
  SBATCH_ERRORS,
  SCANCEL_NO_CONTROLLER,
  SCONTROL_FAILED,
  SQUEUE_LINES,
} from "./slurm-outputs.ts";

const HOSTILE = "a b; $(touch pwned) `id` \"q\" 'q' , | > x\nnext line";

let jobsDir: string;

beforeEach(() => {
  jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "aifc-shell-"));
});

afterEach(() => {
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

const job = (overrides: Partial<JobSpec> = {}): JobSpec => ({
  name: "aifc-42",
  timeLimitMin: 5,
  tasks: 2,
  environment: { AIFC_BENCHMARK_ID: "42", AIFC_SERVER_ADDR: HOSTILE },
  ...overrides,
});

function shell(
  script: Parameters<typeof fakeRunner>[0],
  settings: Partial<ShellSlurmOptions> = {},
) {
  const runner = fakeRunner(script);
  const slurm = new ShellSlurm({
    jobsDir,
    env: { PATH: "/usr/bin:/bin", HOME: "/root", UNSET: undefined },
    run: runner.run,
    sleep: async () => {},
    ...settings,
  });
  return { slurm, runner };
}

describe("shell adapter: submit", () => {
  test("sbatch gets the fixed job script on stdin and every job value in its environment, none in its arguments", async () => {
    const { slurm, runner } = shell({ sbatch: [{ stdout: "13\n" }] });
    expect(await slurm.submit(job())).toBe("13");
    const [call] = runner.of("sbatch");
    expect(call?.argv).toEqual([
      "sbatch",
      "--parsable",
      "--job-name=aifc-42",
      "--time=5",
      "--ntasks=2",
      `--output=${path.join(jobsDir, "slurm-%j.out")}`,
      `--chdir=${jobsDir}`,
      "--export=ALL",
    ]);
    expect(call?.options.stdin).toBe(JOB_SCRIPT);
    expect(call?.options.env).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/root",
      AIFC_BENCHMARK_ID: "42",
      AIFC_SERVER_ADDR: HOSTILE,
    });
    expect(call?.argv.join(" ")).not.toContain("pwned");
  });

  test("the config's job options become sbatch flags, one argument each", async () => {
    const { slurm, runner } = shell(
      { sbatch: [{ stdout: "77;cluster2\n" }] },
      {
        options: {
          account: "p200117",
          partition: "gpu",
          qos: "short",
          cpus_per_task: 4,
          mem: "4G",
          tasks_per_node: 1,
          output: "/scratch/aifc-%j.out",
          error: "/scratch/aifc-%j.err",
          workdir: "/scratch",
        },
      },
    );
    expect(await slurm.submit(job())).toBe("77");
    expect(runner.of("sbatch")[0]?.argv.slice(4)).toEqual([
      "--ntasks=2",
      "--output=/scratch/aifc-%j.out",
      "--chdir=/scratch",
      "--export=ALL",
      "--error=/scratch/aifc-%j.err",
      "--account=p200117",
      "--partition=gpu",
      "--qos=short",
      "--cpus-per-task=4",
      "--mem=4G",
      "--ntasks-per-node=1",
    ]);
  });

  test("the config's container image reaches the job as AIFC_CONTAINER_IMAGE", async () => {
    const { slurm, runner } = shell(
      { sbatch: [{ stdout: "5\n" }] },
      { options: { container_image: "/images/aifc agent.sif" } },
    );
    await slurm.submit(job());
    expect(runner.of("sbatch")[0]?.options.env?.AIFC_CONTAINER_IMAGE).toBe(
      "/images/aifc agent.sif",
    );
  });

  test("a refused sbatch rejects with sbatch's own words and kind refused", async () => {
    const { slurm } = shell({ sbatch: [{ code: 1, stderr: SBATCH_ERRORS.badPartition }] });
    const error = await slurm.submit(job()).catch((e) => e);
    expect(error).toMatchObject({
      name: "SlurmError",
      kind: "refused",
      message:
        "invalid partition specified: nope; Batch job submission failed: Invalid partition name specified",
    });
  });

  test("an unreachable controller and a missing sbatch are kind unavailable", async () => {
    const down = shell({ sbatch: [{ code: 1, stderr: SBATCH_ERRORS.noController }] });
    expect(await down.slurm.submit(job()).catch((e) => e)).toMatchObject({
      kind: "unavailable",
      message: "Batch job submission failed: Unable to contact slurm controller (connect failure)",
    });
    const missing = shell({});
    const error = await missing.slurm.submit(job()).catch((e) => e);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("Cannot run sbatch");
    expect(error.message).toContain("on the service's PATH");
  });

  test("a time limit over the config's time_limit is refused before sbatch runs", async () => {
    const { slurm, runner } = shell(
      { sbatch: [{ stdout: "5\n" }] },
      { options: { time_limit: 30 } },
    );
    const error = await slurm.submit(job({ timeLimitMin: 60 })).catch((e) => e);
    expect(error).toMatchObject({ kind: "refused" });
    expect(error.message).toContain("over the 30 min the Slurm config allows");
    expect(runner.calls).toEqual([]);
  });

  test("a job output folder that cannot be made is kind unavailable and named", async () => {
    const file = path.join(jobsDir, "a-file");
    fs.writeFileSync(file, "");
    const { slurm, runner } = shell(
      { sbatch: [{ stdout: "5\n" }] },
      { jobsDir: path.join(file, "jobs") },
    );
    const error = await slurm.submit(job()).catch((e) => e);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toStartWith(
      `Cannot create the folder for job output ${path.join(file, "jobs")}`,
    );
    expect(runner.calls).toEqual([]);
  });

  test("sbatch output without a job id is an error, not a job", async () => {
    const { slurm } = shell({ sbatch: [{ stdout: "Submitted batch job\n" }] });
    expect(await slurm.submit(job()).catch((e) => e)).toMatchObject({ kind: "unavailable" });
  });
});

describe("shell adapter: status", () => {
  test("squeue's states, reasons, nodes and exit codes are read for every job at once", async () => {
    const { slurm, runner } = shell({ squeue: [{ stdout: SQUEUE_LINES }] });
    const ids = ["12", "10", "5", "6", "7", "8", "1"];
    const statuses = await slurm.status(ids);
    expect(runner.of("squeue")[0]?.argv).toEqual([
      "squeue",
      "-h",
      "-t",
      "all",
      "-j",
      ids.join(","),
      "-O",
      "JobID:|,State:|,Reason:|,NodeList:|,exit_code:",
    ]);
    expect(runner.calls).toHaveLength(1);
    expect([...statuses.values()]).toEqual([
      { jobId: "12", state: "PENDING", reason: "JobHeldUser", nodes: null, exitCode: null },
      { jobId: "10", state: "RUNNING", reason: null, nodes: "vm", exitCode: null },
      { jobId: "5", state: "CANCELLED", reason: "PartitionConfig", nodes: null, exitCode: 0 },
      { jobId: "6", state: "FAILED", reason: "NonZeroExitCode", nodes: "vm", exitCode: 3 },
      { jobId: "7", state: "FAILED", reason: "JobLaunchFailure", nodes: "vm", exitCode: 137 },
      { jobId: "8", state: "CANCELLED", reason: null, nodes: "vm", exitCode: 143 },
      { jobId: "1", state: "COMPLETED", reason: null, nodes: "vm", exitCode: 0 },
    ]);
  });

  test("when squeue refuses the list over an unknown id, ids are asked one by one and the unknown one is UNKNOWN", async () => {
    const { slurm, runner } = shell({
      squeue: [
        (argv) =>
          argv[5] === "10"
            ? { stdout: "10|RUNNING|None|vm|0\n" }
            : { code: 1, stderr: INVALID_JOB_ID },
      ],
    });
    const statuses = await slurm.status(["10", "99999"]);
    expect(statuses.get("10")?.state).toBe("RUNNING");
    expect(statuses.get("99999")).toEqual({
      jobId: "99999",
      state: "UNKNOWN",
      reason: null,
      nodes: null,
      exitCode: null,
    });
    expect(runner.of("squeue").map((c) => c.argv[5])).toEqual(["10,99999", "10", "99999"]);
    expect(runner.of("scontrol")).toEqual([]);
  });

  test("an id squeue does not list is read with scontrol show job", async () => {
    const { slurm, runner } = shell({
      squeue: [{ stdout: "10|RUNNING|None|vm|0\n" }],
      scontrol: [{ stdout: SCONTROL_FAILED }],
    });
    const statuses = await slurm.status(["10", "14"]);
    expect(statuses.get("14")).toEqual({
      jobId: "14",
      state: "FAILED",
      reason: "NonZeroExitCode",
      nodes: "vm",
      exitCode: 3,
    });
    expect(runner.of("scontrol")[0]?.argv).toEqual(["scontrol", "show", "job", "14"]);
  });

  test("ids that are not Slurm job ids read UNKNOWN without asking Slurm", async () => {
    const { slurm, runner } = shell({});
    expect((await slurm.status(["local-3"])).get("local-3")?.state).toBe("UNKNOWN");
    expect(runner.calls).toEqual([]);
  });

  test("a controller that cannot be reached makes status reject, so no group is moved on a guess", async () => {
    const { slurm } = shell({ squeue: [{ code: 1, stderr: NO_CONTROLLER }] });
    expect(await slurm.status(["10"]).catch((e) => e)).toMatchObject({
      kind: "unavailable",
      message: "slurm_load_jobs error: Unable to contact slurm controller (connect failure)",
    });
  });
});

describe("shell adapter: cancel", () => {
  test("scancel, then the job's state confirms the cancel", async () => {
    const { slurm, runner } = shell({
      scancel: [{}],
      squeue: [{ stdout: "10|RUNNING|None|vm|0\n" }, { stdout: "10|CANCELLED|None|vm|15\n" }],
    });
    await slurm.cancel("10");
    expect(runner.calls.map((c) => c.argv[0])).toEqual(["scancel", "squeue", "squeue"]);
    expect(runner.of("scancel")[0]?.argv).toEqual(["scancel", "10"]);
  });

  test("cancelling an unknown or finished job is not an error", async () => {
    const unknown = shell({
      scancel: [{}],
      squeue: [{ code: 1, stderr: INVALID_JOB_ID }],
      scontrol: [{ code: 1, stderr: INVALID_JOB_ID }],
    });
    await unknown.slurm.cancel("99999");
    const finished = shell({ scancel: [{}], squeue: [{ stdout: "1|COMPLETED|None|vm|0\n" }] });
    await finished.slurm.cancel("1");
    expect(finished.runner.calls).toHaveLength(2);
  });

  test("a job still running after scancel is reported, not taken as cancelled", async () => {
    const { slurm } = shell({ scancel: [{}], squeue: [{ stdout: "10|RUNNING|None|vm|0\n" }] });
    expect(await slurm.cancel("10").catch((e) => e)).toMatchObject({
      kind: "unavailable",
      message: "Slurm still reports job 10 as RUNNING after it was asked to cancel it",
    });
  });

  test("scancel with the controller down is kind unavailable", async () => {
    const { slurm } = shell({ scancel: [{ code: 1, stderr: SCANCEL_NO_CONTROLLER }] });
    expect(await slurm.cancel("1").catch((e) => e)).toMatchObject({ kind: "unavailable" });
  });
});
