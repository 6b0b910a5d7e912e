import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { manualClock } from "../../../core/clock.ts";
import { type JobSpec, type JobStatus, SlurmError } from "../../../slurm/adapter.ts";
import { buildJobSpec } from "../../../slurm/job-spec.ts";
import { LocalSlurm, type LocalSlurmOptions } from "../../../slurm/local.ts";
import { type LocalJobRecord, writeJobRecord } from "../../../slurm/local-job-store.ts";

let dir: string;
let jobsDir: string;
const adapters: LocalSlurm[] = [];
const started: Array<[LocalSlurm, string]> = [];

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aifc-local-slurm-")));
  jobsDir = path.join(dir, "jobs");
});

afterEach(async () => {
  for (const [slurm, jobId] of started.splice(0)) await slurm.cancel(jobId);
  for (const slurm of adapters.splice(0)) await slurm.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function localSlurm(script: string, options: Partial<LocalSlurmOptions> = {}): LocalSlurm {
  const slurm = new LocalSlurm({
    jobsDir,
    script,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", OUT: path.join(dir, "out") },
    graceMs: 500,
    ...options,
  });
  adapters.push(slurm);
  return slurm;
}

const job = (overrides: Partial<JobSpec> = {}): JobSpec => ({
  name: "aifc-1",
  timeLimitMin: 5,
  tasks: 1,
  environment: {},
  ...overrides,
});

async function submit(slurm: LocalSlurm, spec: JobSpec = job()): Promise<string> {
  const jobId = await slurm.submit(spec);
  started.push([slurm, jobId]);
  return jobId;
}

async function statusOf(slurm: LocalSlurm, jobId: string): Promise<JobStatus> {
  const status = (await slurm.status([jobId])).get(jobId);
  if (status === undefined) throw new Error(`no status for ${jobId}`);
  return status;
}

async function until<T>(what: string, probe: () => Promise<T> | T, ok: (value: T) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await Bun.sleep(20);
  }
}

const finalStatus = (slurm: LocalSlurm, jobId: string) =>
  until(
    `job ${jobId} to finish`,
    () => statusOf(slurm, jobId),
    (s) => s.state !== "RUNNING",
  );

/** Whether a process runs (a zombie does not): the job writes its pid to a file for this. */
function processRuns(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

const pidFromFile = (file: string) =>
  until(
    `pid in ${file}`,
    () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : ""),
    (t) => t !== "",
  ).then(Number);

describe("LocalSlurm", () => {
  test("a job that exits 0 is COMPLETED on this host", async () => {
    const slurm = localSlurm("exit 0");
    const jobId = await submit(slurm);
    expect(jobId).toMatch(/^\d+$/);
    expect(await finalStatus(slurm, jobId)).toEqual({
      jobId,
      state: "COMPLETED",
      reason: null,
      nodes: os.hostname(),
      exitCode: 0,
    });
  });

  test("a job that has just started never reads as finished while its process starts", async () => {
    const slurm = localSlurm("exit 0");
    const seen = new Set<string>();
    for (let round = 0; round < 5; round++) {
      const jobId = await submit(slurm);
      await until(
        `job ${jobId} to finish`,
        async () => {
          const status = await statusOf(slurm, jobId);
          seen.add(`${status.state}/${status.reason}`);
          return status.state;
        },
        (state) => state !== "RUNNING",
      );
    }
    expect([...seen].filter((s) => s !== "RUNNING/null" && s !== "COMPLETED/null")).toEqual([]);
  });

  test("a job that exits 3 is FAILED with NonZeroExitCode and exit code 3", async () => {
    const slurm = localSlurm("exit 3");
    const jobId = await submit(slurm);
    expect(await finalStatus(slurm, jobId)).toMatchObject({
      state: "FAILED",
      reason: "NonZeroExitCode",
      exitCode: 3,
    });
  });

  test("a running job reads RUNNING; cancel makes it CANCELLED and its process is gone", async () => {
    const slurm = localSlurm('echo $$ > "$OUT"; exec sleep 30');
    const jobId = await submit(slurm);
    const pid = await pidFromFile(path.join(dir, "out"));
    expect(await statusOf(slurm, jobId)).toMatchObject({ state: "RUNNING", nodes: os.hostname() });
    expect(processRuns(pid)).toBe(true);

    await slurm.cancel(jobId);
    expect(processRuns(pid)).toBe(false);
    expect(await statusOf(slurm, jobId)).toMatchObject({ state: "CANCELLED", reason: null });
  });

  test("a job that ignores SIGTERM is killed after the grace period", async () => {
    const slurm = localSlurm('trap "" TERM; echo $$ > "$OUT"; while :; do sleep 0.05; done', {
      graceMs: 200,
    });
    const jobId = await submit(slurm);
    const pid = await pidFromFile(path.join(dir, "out"));
    await slurm.cancel(jobId);
    await until(
      "the stubborn job to die",
      () => processRuns(pid),
      (runs) => !runs,
    );
    expect((await statusOf(slurm, jobId)).state).toBe("CANCELLED");
  });

  test("cancelling a finished or unknown job changes nothing", async () => {
    const slurm = localSlurm("exit 0");
    const jobId = await submit(slurm);
    await finalStatus(slurm, jobId);
    await slurm.cancel(jobId);
    await slurm.cancel("12345");
    await slurm.cancel("../../etc");
    expect((await statusOf(slurm, jobId)).state).toBe("COMPLETED");
  });

  test("ids it never gave out, or that are not job ids at all, read UNKNOWN", async () => {
    const slurm = localSlurm("exit 0");
    const states = await slurm.status(["12345", "../jobs", ""]);
    expect([...states.values()].map((s) => [s.jobId, s.state, s.nodes])).toEqual([
      ["12345", "UNKNOWN", null],
      ["../jobs", "UNKNOWN", null],
      ["", "UNKNOWN", null],
    ]);
  });

  test("each task is its own process with its index; Slurm's task count is not passed on", async () => {
    const slurm = localSlurm(
      'n=unset; [ -z "$SLURM_NTASKS" ] || n="$SLURM_NTASKS"\n' +
        'echo "task=$AIFC_TASK_INDEX of=$AIFC_NUM_TASKS job=$SLURM_JOB_ID ntasks=$n value=$VALUE pid=$$"',
      { env: { PATH: process.env.PATH ?? "/bin", SLURM_NTASKS: "4", SLURM_PROCID: "3" } },
    );
    const value = "a b; $(touch pwned) `x` \"q\" 'q' , |";
    const jobId = await submit(slurm, job({ tasks: 2, environment: { VALUE: value } }));
    expect((await finalStatus(slurm, jobId)).state).toBe("COMPLETED");
    const lines = [0, 1].map((task) =>
      fs.readFileSync(path.join(jobsDir, jobId, `task-${task}.out`), "utf8").trim(),
    );
    expect(lines[0]).toStartWith(`task=0 of=2 job=${jobId} ntasks=unset value=${value} pid=`);
    expect(lines[1]).toStartWith(`task=1 of=2 job=${jobId} ntasks=unset value=${value} pid=`);
    expect(lines[0]).not.toBe(lines[1]);
    expect(fs.existsSync(path.join(jobsDir, jobId, "pwned"))).toBe(false);
  });

  test("one failing task fails the job with that task's exit code", async () => {
    const slurm = localSlurm("exit $(( AIFC_TASK_INDEX == 1 ? 7 : 0 ))");
    const jobId = await submit(slurm, job({ tasks: 3 }));
    expect(await finalStatus(slurm, jobId)).toMatchObject({ state: "FAILED", exitCode: 7 });
  });

  test("a job past its time limit is killed and reads TIMEOUT", async () => {
    const slurm = localSlurm('echo $$ > "$OUT"; exec sleep 30', { minuteMs: 300 });
    const jobId = await submit(slurm, job({ timeLimitMin: 1 }));
    const pid = await pidFromFile(path.join(dir, "out"));
    expect((await statusOf(slurm, jobId)).state).toBe("RUNNING");
    const status = await finalStatus(slurm, jobId);
    expect(status).toMatchObject({ state: "TIMEOUT", reason: "TimeLimit" });
    await until(
      "the timed-out job to die",
      () => processRuns(pid),
      (runs) => !runs,
    );
  });

  test("a restarted service sees the earlier one's jobs: finished as COMPLETED, running as RUNNING", async () => {
    const first = localSlurm('if [ "$MODE" = wait ]; then exec sleep 30; fi; exit 0');
    const done = await submit(first, job({ environment: { MODE: "done" } }));
    const running = await submit(first, job({ environment: { MODE: "wait" } }));
    await finalStatus(first, done);
    await first.close();

    const second = localSlurm("exit 99");
    const states = await second.status([done, running]);
    expect(states.get(done)).toMatchObject({ state: "COMPLETED", exitCode: 0 });
    expect(states.get(running)).toMatchObject({ state: "RUNNING" });

    await second.cancel(running);
    expect((await statusOf(second, running)).state).toBe("CANCELLED");
    const third = localSlurm("exit 0");
    expect((await statusOf(third, running)).state).toBe("CANCELLED");
  });

  test("a restarted service enforces the time limit of a job it adopted", async () => {
    const clock = manualClock();
    const first = localSlurm('echo $$ > "$OUT"; exec sleep 30', { clock });
    const jobId = await submit(first, job({ timeLimitMin: 5 }));
    const pid = await pidFromFile(path.join(dir, "out"));
    await first.close();

    clock.advance(5 * 60_000);
    const second = localSlurm("exit 0", { clock });
    expect(await statusOf(second, jobId)).toMatchObject({ state: "TIMEOUT", reason: "TimeLimit" });
    await until(
      "the adopted job to die",
      () => processRuns(pid),
      (runs) => !runs,
    );
  });

  test("a recorded pid now used by another process is not mistaken for the job", async () => {
    const jobDir = path.join(jobsDir, "7");
    fs.mkdirSync(jobDir, { recursive: true });
    const record: LocalJobRecord = {
      jobId: "7",
      name: "aifc-7",
      tasks: 1,
      timeLimitMin: 5,
      startedAt: Date.now(),
      // This test's own process stands in for an unrelated one that got the job's old pid.
      processes: [{ pid: process.pid, startTime: -1 }],
      cancelledAt: null,
      timedOutAt: null,
    };
    writeJobRecord(jobDir, record);
    const slurm = localSlurm("exit 0");
    expect((await statusOf(slurm, "7")).state).toBe("FAILED");
    await slurm.cancel("7");
    expect((await statusOf(slurm, "7")).state).toBe("FAILED");
  });

  test("ids stay unique within one instance and across instances, even at the same instant", async () => {
    const clock = manualClock();
    const first = localSlurm("exit 0", { clock });
    const a = await submit(first);
    const b = await submit(first);
    const c = await submit(localSlurm("exit 0", { clock }));
    expect(new Set([a, b, c]).size).toBe(3);
    expect([a, b, c].every((id) => /^\d+$/.test(id))).toBe(true);
  });

  test("a machine where bash cannot start makes submit fail as unavailable and keeps nothing", async () => {
    const slurm = localSlurm("exit 0", { env: { PATH: path.join(dir, "no-such-dir") } });
    const error = await slurm.submit(job()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlurmError);
    expect((error as SlurmError).kind).toBe("unavailable");
    expect((error as SlurmError).message).toContain("bash");
    expect(fs.readdirSync(jobsDir)).toEqual([]);
  });

  test("jobs it cannot run are refused before anything starts", async () => {
    const slurm = localSlurm("exit 0", { maxTasks: 4 });
    for (const bad of [
      job({ tasks: 5 }),
      job({ tasks: 0 }),
      job({ timeLimitMin: 0 }),
      job({ environment: { "BAD=NAME": "x" } }),
      job({ environment: { OK: "nul\0byte" } }),
    ]) {
      const error = await slurm.submit(bad).catch((e: unknown) => e);
      expect((error as SlurmError).kind).toBe("refused");
    }
    expect(fs.existsSync(jobsDir)).toBe(false);
  });

  test("the real job script runs the agent command with the job's values, one per task", async () => {
    const fakeBun = path.join(dir, "bun");
    fs.writeFileSync(
      fakeBun,
      '#!/bin/bash\nprintf "task %s/%s cwd %s args" "$AIFC_TASK_INDEX" "$AIFC_NUM_TASKS" "$PWD"\nprintf " <%s>" "$@"\necho\n',
      { mode: 0o755 },
    );
    const slurm = new LocalSlurm({ jobsDir, env: { PATH: process.env.PATH ?? "/bin" } });
    adapters.push(slurm);
    const spec = buildJobSpec({
      benchmarkId: 42,
      numClients: 3,
      timeLimitMin: 1,
      tasks: 2,
      serverAddr: "http://127.0.0.1:8000",
      serviceAddr: "http://127.0.0.1:8001",
      groupToken: "token",
      projectDir: dir,
      bunPath: fakeBun,
    });
    const jobId = await submit(slurm, spec);
    expect((await finalStatus(slurm, jobId)).state).toBe("COMPLETED");
    const output = fs.readFileSync(path.join(jobsDir, jobId, "task-1.out"), "utf8");
    expect(output).toBe(
      `aifc job ${jobId} on ${os.hostname()} with 2 task(s)\n` +
        `task 1/2 cwd ${dir} args <handlers/agent/main.ts> <3> <http://127.0.0.1:8000> <http://127.0.0.1:8001> <42>\n`,
    );
  });
});
