import type { Logger } from "../core/log.ts";
import { type JobSpec, type JobStatus, type SlurmAdapter, SlurmError } from "./adapter.ts";
import { commandError, isInvalidJobId, missingCommandError } from "./command-error.ts";
import { type CommandResult, type CommandRunner, spawnRunner } from "./command-runner.ts";
import { confirmCancelled } from "./confirm-cancel.ts";
import { JOB_SCRIPT } from "./job-script.ts";
import {
  checkSlurmJob,
  ensureJobsDir,
  jobEnvironment,
  jobPaths,
  type SlurmJobOptions,
  sbatchArgs,
} from "./slurm-job-options.ts";
import { parseScontrolJob, parseSqueue, SQUEUE_FIELDS } from "./squeue-output.ts";

export type ShellSlurmOptions = {
  /** Where job output goes and jobs run unless the config says otherwise. */
  jobsDir: string;
  /** Job options from the Slurm config (account, partition, mem, ...). */
  options?: SlurmJobOptions;
  /** Environment of every Slurm command, and so of every job (sbatch --export=ALL). */
  env?: Record<string, string | undefined>;
  /** Runs sbatch/squeue/scontrol/scancel; default Bun.spawn. Tests pass a fake. */
  run?: CommandRunner;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
};

const unknown = (jobId: string): JobStatus => ({
  jobId,
  state: "UNKNOWN",
  reason: null,
  nodes: null,
  exitCode: null,
});

/**
 * Slurm through its commands: `sbatch --parsable` with the fixed job script on stdin and every
 * job value in sbatch's environment, `squeue` (falling back to `scontrol show job`) for states,
 * `scancel` (confirmed by reading the state) to cancel. Commands run from argv arrays, never
 * through a shell.
 *
 * @example
 * const slurm = new ShellSlurm({ jobsDir: "./data/jobs", options: { partition: "gpu" } });
 * const jobId = await slurm.submit(buildJobSpec(input));
 */
export class ShellSlurm implements SlurmAdapter {
  readonly name = "shell" as const;
  private readonly options: SlurmJobOptions;
  private readonly env: Record<string, string>;
  private readonly run: CommandRunner;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly settings: ShellSlurmOptions) {
    this.options = settings.options ?? {};
    this.env = Object.fromEntries(
      Object.entries(settings.env ?? process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    this.run = settings.run ?? spawnRunner();
    this.sleep = settings.sleep ?? ((ms) => Bun.sleep(ms));
  }

  async submit(job: JobSpec): Promise<string> {
    checkSlurmJob(job, this.options);
    const paths = jobPaths(this.options, this.settings.jobsDir);
    // Jobs run as the service's user: their output is theirs alone.
    ensureJobsDir(this.options, this.settings.jobsDir, 0o700);
    const result = await this.exec("sbatch", sbatchArgs(job, this.options, this.settings.jobsDir), {
      env: { ...this.env, ...jobEnvironment(job, this.options) },
      stdin: JOB_SCRIPT,
    });
    if (result.code !== 0) throw commandError("sbatch", result);
    // --parsable prints "<id>" or "<id>;<cluster>".
    const jobId = result.stdout.trim().split(";")[0] ?? "";
    if (!/^\d+$/.test(jobId)) {
      throw new SlurmError(
        `sbatch printed no job id: ${JSON.stringify(result.stdout)}`,
        "unavailable",
      );
    }
    this.settings.log?.info("slurm_submitted", {
      job_id: jobId,
      name: job.name,
      output: paths.output,
    });
    return jobId;
  }

  async status(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    const numeric = [...new Set(jobIds.filter((id) => /^\d+$/.test(id)))];
    const found = numeric.length > 0 ? await this.squeue(numeric) : new Map<string, null>();
    const result = new Map<string, JobStatus>();
    for (const jobId of jobIds) {
      let status = found.get(jobId);
      // An id squeue did not list (and did not call invalid): scontrol may still know it.
      if (status === undefined && numeric.includes(jobId)) status = await this.scontrol(jobId);
      result.set(jobId, status ?? unknown(jobId));
    }
    return result;
  }

  async cancel(jobId: string): Promise<void> {
    if (!/^\d+$/.test(jobId)) return;
    const result = await this.exec("scancel", [jobId]);
    if (result.code !== 0 && !isInvalidJobId(result.stderr)) throw commandError("scancel", result);
    await confirmCancelled(jobId, {
      read: async (id) => (await this.status([id])).get(id) ?? unknown(id),
      sleep: this.sleep,
    });
  }

  /**
   * squeue for many ids at once; when it refuses the list over an unknown id, one at a time.
   * An id mapped to null is one squeue called invalid.
   */
  private async squeue(jobIds: readonly string[]): Promise<Map<string, JobStatus | null>> {
    const result = await this.exec("squeue", [
      "-h",
      "-t",
      "all",
      "-j",
      jobIds.join(","),
      "-O",
      SQUEUE_FIELDS,
    ]);
    if (result.code === 0) return parseSqueue(result.stdout);
    if (!isInvalidJobId(result.stderr)) throw commandError("squeue", result);
    if (jobIds.length === 1) return new Map([[jobIds[0] as string, null]]);
    const found = new Map<string, JobStatus | null>();
    for (const jobId of jobIds) {
      for (const [id, status] of await this.squeue([jobId])) found.set(id, status);
    }
    return found;
  }

  /** `scontrol show job`, for ids squeue did not list; null when Slurm does not know the id. */
  private async scontrol(jobId: string): Promise<JobStatus | null> {
    const result = await this.exec("scontrol", ["show", "job", jobId]);
    if (result.code === 0) return parseScontrolJob(result.stdout, jobId);
    if (isInvalidJobId(result.stderr)) return null;
    throw commandError("scontrol", result);
  }

  private async exec(
    command: string,
    args: string[],
    options: { env?: Record<string, string>; stdin?: string } = {},
  ): Promise<CommandResult> {
    try {
      return await this.run([command, ...args], {
        env: options.env ?? this.env,
        stdin: options.stdin,
      });
    } catch (error) {
      throw missingCommandError(command, error);
    }
  }
}
