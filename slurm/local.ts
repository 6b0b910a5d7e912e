import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Clock, systemClock } from "../core/clock.ts";
import { JOB_ENV } from "../core/config/job-environment.ts";
import { type JobSpec, type JobStatus, type SlurmAdapter, SlurmError } from "./adapter.ts";
import { checkLocalJob } from "./check-local-job.ts";
import { JOB_SCRIPT } from "./job-script.ts";
import {
  allocateJobDir,
  JOB_FILE,
  jobDirOf,
  type LocalJobRecord,
  readExitCodes,
  readJobRecord,
  taskOutputOf,
  writeJobRecord,
} from "./local-job-store.ts";
import {
  isTaskAlive,
  processStartTime,
  signalGroup,
  stopGroups,
  type TaskProcess,
} from "./process-group.ts";

/**
 * Runs one task: the job file, then its exit code next to it. Fixed text; the file and the task
 * index arrive as $0 and $1. TERM is trapped (children still get the default) so the wrapper
 * waits for the job's own shutdown and stays the task's liveness witness until then.
 */
const TASK_WRAPPER = 'trap : TERM; bash "$0"; echo "$?" > "$0.exit-$1"';

// setTimeout fires at once for longer delays, so a long limit is reached in several steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

export type LocalSlurmOptions = {
  /** Where each job gets `<id>/job.sh`, `task-<i>.out` and its state. */
  jobsDir: string;
  /** The job's bash text; default the real job script. */
  script?: string;
  /** Base environment of every task; default this process's. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Length of a "minute" of time limit; tests shrink it. Default 60000. */
  minuteMs?: number;
  /** Time between SIGTERM and SIGKILL on cancel or timeout. Default 3000. */
  graceMs?: number;
  /** Most tasks one job may start on this machine. Default 64. */
  maxTasks?: number;
};

/**
 * Slurm for a machine without Slurm: each job runs the job script as local process groups,
 * one per task (as srun would), with states read back from files in `jobsDir`, so a restarted
 * service still sees the jobs an earlier one started. Enforces time limits and cancels as Slurm
 * does (SIGTERM, then SIGKILL after a grace period).
 *
 * @example
 * const slurm = new LocalSlurm({ jobsDir: "./data/jobs" });
 * const jobId = await slurm.submit(buildJobSpec(input));
 */
export class LocalSlurm implements SlurmAdapter {
  readonly name = "local" as const;
  private readonly jobsDir: string;
  private readonly script: string;
  private readonly baseEnv: Record<string, string | undefined>;
  private readonly clock: Clock;
  private readonly minuteMs: number;
  private readonly graceMs: number;
  private readonly maxTasks: number;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private lastId = 0;

  constructor(options: LocalSlurmOptions) {
    this.jobsDir = path.resolve(options.jobsDir);
    this.script = options.script ?? JOB_SCRIPT;
    this.baseEnv = options.env ?? process.env;
    this.clock = options.clock ?? systemClock;
    this.minuteMs = options.minuteMs ?? 60_000;
    this.graceMs = options.graceMs ?? 3000;
    this.maxTasks = options.maxTasks ?? 64;
  }

  async submit(job: JobSpec): Promise<string> {
    checkLocalJob(job, this.maxTasks);
    const { jobId, jobDir } = allocateJobDir(
      this.jobsDir,
      Math.max(this.clock.now(), this.lastId + 1),
    );
    this.lastId = Number(jobId);
    const jobFile = path.join(jobDir, JOB_FILE);
    const record: LocalJobRecord = {
      jobId,
      name: job.name,
      tasks: job.tasks,
      timeLimitMin: job.timeLimitMin,
      startedAt: this.clock.now(),
      processes: [],
      cancelledAt: null,
      timedOutAt: null,
    };
    try {
      fs.writeFileSync(jobFile, this.script, { mode: 0o700 });
      for (let task = 0; task < job.tasks; task++) {
        record.processes.push(await startTask(jobFile, task, this.taskEnv(job, jobId, task)));
      }
      writeJobRecord(jobDir, record);
    } catch (error) {
      for (const task of record.processes) signalGroup(task.pid, "SIGKILL");
      fs.rmSync(jobDir, { recursive: true, force: true });
      throw new SlurmError(
        `Cannot start the local job: ${(error as Error).message}`,
        "unavailable",
      );
    }
    this.armTimeLimit(record);
    return jobId;
  }

  async status(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    return new Map(jobIds.map((jobId) => [jobId, this.statusOf(jobId)]));
  }

  async cancel(jobId: string): Promise<void> {
    const found = this.load(jobId);
    if (found === null) return;
    const { record, jobDir } = found;
    const alive = record.processes.filter(isTaskAlive);
    if (alive.length === 0) return;
    if (record.cancelledAt === null && record.timedOutAt === null) {
      writeJobRecord(jobDir, { ...record, cancelledAt: this.clock.now() });
    }
    this.clearTimer(jobId);
    await stopGroups(alive, this.graceMs);
  }

  /** Clears the time-limit timers; running jobs keep running (a new instance adopts them). */
  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private statusOf(jobId: string): JobStatus {
    const base = { jobId, nodes: os.hostname(), exitCode: null };
    const found = this.load(jobId);
    if (found === null) return { ...base, state: "UNKNOWN", reason: null, nodes: null };
    const { record, jobDir } = found;
    if (record.cancelledAt !== null) return { ...base, state: "CANCELLED", reason: null };
    if (record.timedOutAt !== null) return { ...base, state: "TIMEOUT", reason: "TimeLimit" };
    if (record.processes.some(isTaskAlive)) {
      if (this.clock.now() >= this.deadlineOf(record)) {
        this.enforceTimeLimit(jobId);
        return { ...base, state: "TIMEOUT", reason: "TimeLimit" };
      }
      this.armTimeLimit(record);
      return { ...base, state: "RUNNING", reason: null };
    }
    this.clearTimer(jobId);
    const codes = readExitCodes(jobDir, record.tasks);
    const bad = codes.find((code) => code !== 0);
    if (bad === undefined) return { ...base, state: "COMPLETED", reason: null, exitCode: 0 };
    // No exit code at all: the task was killed from outside (SIGKILL, reboot).
    if (bad === null) return { ...base, state: "FAILED", reason: "Killed" };
    return { ...base, state: "FAILED", reason: "NonZeroExitCode", exitCode: bad };
  }

  private load(jobId: string): { record: LocalJobRecord; jobDir: string } | null {
    if (!/^\d+$/.test(jobId)) return null;
    const jobDir = jobDirOf(this.jobsDir, jobId);
    const record = readJobRecord(jobDir);
    return record === null ? null : { record, jobDir };
  }

  private deadlineOf(record: LocalJobRecord): number {
    return record.startedAt + record.timeLimitMin * this.minuteMs;
  }

  private armTimeLimit(record: LocalJobRecord): void {
    if (this.timers.has(record.jobId)) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, this.deadlineOf(record) - this.clock.now()));
    const timer = setTimeout(() => {
      this.timers.delete(record.jobId);
      if (this.clock.now() >= this.deadlineOf(record)) this.enforceTimeLimit(record.jobId);
      else this.armTimeLimit(record);
    }, delay);
    timer.unref();
    this.timers.set(record.jobId, timer);
  }

  private enforceTimeLimit(jobId: string): void {
    this.clearTimer(jobId);
    const found = this.load(jobId);
    if (found === null) return;
    const { record, jobDir } = found;
    if (record.cancelledAt !== null || record.timedOutAt !== null) return;
    const alive = record.processes.filter(isTaskAlive);
    if (alive.length === 0) return;
    writeJobRecord(jobDir, { ...record, timedOutAt: this.clock.now() });
    void stopGroups(alive, this.graceMs);
  }

  private clearTimer(jobId: string): void {
    clearTimeout(this.timers.get(jobId));
    this.timers.delete(jobId);
  }

  /**
   * The task's environment: base and job values, minus any SLURM_* (a service started inside a
   * Slurm allocation must not make the script call srun), plus our task placement.
   */
  private taskEnv(job: JobSpec, jobId: string, task: number): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...this.baseEnv, ...job.environment })) {
      if (value !== undefined && !name.startsWith("SLURM_")) env[name] = value;
    }
    env[JOB_ENV.taskIndex] = String(task);
    env[JOB_ENV.numTasks] = String(job.tasks);
    env.SLURM_JOB_ID = jobId;
    return env;
  }
}

/** Starts one task as its own process group; resolves to its leader, named for good. */
function startTask(
  jobFile: string,
  task: number,
  env: Record<string, string>,
): Promise<TaskProcess> {
  const output = fs.openSync(taskOutputOf(path.dirname(jobFile), task), "w", 0o600);
  try {
    return new Promise((resolve, reject) => {
      const child = spawn("bash", ["-c", TASK_WRAPPER, jobFile, String(task)], {
        cwd: path.dirname(jobFile),
        detached: true,
        env,
        stdio: ["ignore", output, output],
      });
      child.once("error", reject);
      if (child.pid !== undefined) {
        // Read at once: the process cannot have been reaped before this turn of the event loop.
        const startTime = processStartTime(child.pid);
        child.unref();
        resolve({ pid: child.pid, startTime });
      }
    });
  } finally {
    fs.closeSync(output);
  }
}
