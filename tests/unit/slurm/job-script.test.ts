import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JOB_SCRIPT } from "../../../slurm/job-script.ts";

const BASH = Bun.which("bash") ?? "/bin/bash";
// Every shell metacharacter that could break out of a badly quoted script, plus a newline.
// Had any of it been run as shell text it would have left a file behind in the work dir.
const HOSTILE =
  "a b; touch pwned-semicolon $(touch pwned) `touch pwned-backtick` \"q\" 'q' , | > pwned-redirect\nx";

let dir: string;
let bin: string;

/** A stand-in for a program: writes its name, working directory and arguments, NUL-separated. */
function fakeProgram(name: string): string {
  const file = path.join(bin, name);
  const printed = path.join(dir, "printed");
  fs.writeFileSync(file, `#!${BASH}\nprintf '%s\\0' "${name}" "$PWD" "$@" > '${printed}'\n`, {
    mode: 0o755,
  });
  return file;
}

function runJob(env: Record<string, string>) {
  const script = path.join(dir, "job.sh");
  fs.writeFileSync(script, JOB_SCRIPT);
  const printed = path.join(dir, "printed");
  fs.rmSync(printed, { force: true });
  const result = spawnSync(BASH, [script], { cwd: dir, env, encoding: "utf8" });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    printed: fs.existsSync(printed)
      ? fs.readFileSync(printed, "utf8").split("\0").slice(0, -1)
      : [],
  };
}

function jobEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: bin,
    AIFC_PROJECT_DIR: path.join(dir, "project"),
    AIFC_BUN: fakeProgram("bun"),
    AIFC_NUM_CLIENTS: "8",
    AIFC_SERVER_ADDR: HOSTILE,
    AIFC_SERVICE_ADDR: "http://head:8001",
    AIFC_BENCHMARK_ID: "42",
    SLURM_JOB_ID: "77",
    ...overrides,
  };
}

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aifc-job-script-")));
  bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(dir, "project"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const pwnedFiles = () =>
  [dir, path.join(dir, "project"), bin].flatMap((d) =>
    fs.readdirSync(d).filter((name) => name.startsWith("pwned")),
  );

describe("JOB_SCRIPT", () => {
  test("is valid bash", () => {
    const file = path.join(dir, "job.sh");
    fs.writeFileSync(file, JOB_SCRIPT);
    const check = spawnSync(BASH, ["-n", file], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect(JOB_SCRIPT).toStartWith("#!/bin/bash\n");
  });

  test("starts the agent in the project dir with the four values as single, intact arguments", () => {
    const run = runJob(jobEnv());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.printed).toEqual([
      "bun",
      path.join(dir, "project"),
      "handlers/agent/main.ts",
      "8",
      HOSTILE,
      "http://head:8001",
      "42",
    ]);
    expect(pwnedFiles()).toEqual([]);
  });

  test("hostile text in every value is passed on as data and nothing in it runs", () => {
    const project = path.join(dir, HOSTILE.replaceAll("/", "_"));
    fs.mkdirSync(project);
    const run = runJob(
      jobEnv({
        AIFC_PROJECT_DIR: project,
        AIFC_NUM_CLIENTS: HOSTILE,
        AIFC_SERVICE_ADDR: HOSTILE,
        AIFC_BENCHMARK_ID: HOSTILE,
        SLURM_JOB_ID: HOSTILE,
        SLURM_NTASKS: "$(touch pwned-ntasks)",
      }),
    );
    expect(run.status).toBe(0);
    expect(run.printed).toEqual([
      "bun",
      project,
      "handlers/agent/main.ts",
      HOSTILE,
      HOSTILE,
      HOSTILE,
      HOSTILE,
    ]);
    expect(pwnedFiles()).toEqual([]);
  });

  test("prints one line with job id, node and task count before anything else", () => {
    const run = runJob(jobEnv({ SLURMD_NODENAME: "node07", AIFC_NUM_TASKS: "3" }));
    expect(run.stdout).toBe("aifc job 77 on node07 with 3 task(s)\n");
  });

  test("a missing value stops the job with the variable's name", () => {
    const env = jobEnv();
    delete env.AIFC_SERVICE_ADDR;
    const run = runJob(env);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("AIFC_SERVICE_ADDR");
    expect(run.printed).toEqual([]);
  });

  test("with a container image the agent runs inside it through apptainer", () => {
    fakeProgram("apptainer");
    const run = runJob(jobEnv({ AIFC_CONTAINER_IMAGE: "/images/a b.sif" }));
    expect(run.status).toBe(0);
    expect(run.printed).toEqual([
      "apptainer",
      path.join(dir, "project"),
      "run",
      "/images/a b.sif",
      "agent",
      "8",
      HOSTILE,
      "http://head:8001",
      "42",
    ]);
  });

  test("several Slurm tasks start through srun, one agent per task", () => {
    fakeProgram("srun");
    const run = runJob(jobEnv({ SLURM_NTASKS: "2" }));
    expect(run.status).toBe(0);
    expect(run.printed.slice(0, 4)).toEqual([
      "srun",
      path.join(dir, "project"),
      "--kill-on-bad-exit=0",
      path.join(bin, "bun"),
    ]);
    expect(run.printed.slice(4)).toEqual([
      "handlers/agent/main.ts",
      "8",
      HOSTILE,
      "http://head:8001",
      "42",
    ]);
  });

  test("without srun on PATH, or with one task, the agent is started directly", () => {
    expect(runJob(jobEnv({ SLURM_NTASKS: "2" })).printed[0]).toBe("bun");
    fakeProgram("srun");
    expect(runJob(jobEnv({ SLURM_NTASKS: "1" })).printed[0]).toBe("bun");
  });
});
