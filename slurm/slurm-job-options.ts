import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { JOB_ENV } from "../core/config/job-environment.ts";
import type { SlurmConfig } from "../core/config/slurm-config.ts";
import { type JobSpec, SlurmError } from "./adapter.ts";

/** The parts of the Slurm config that shape every job (the rest is how to reach Slurm). */
export type SlurmJobOptions = Pick<
  SlurmConfig,
  | "account"
  | "partition"
  | "qos"
  | "time_limit"
  | "cpus_per_task"
  | "mem"
  | "tasks_per_node"
  | "output"
  | "error"
  | "workdir"
  | "container_image"
>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Refuses, before Slurm sees it, a job no Slurm would run as meant: a task count or time limit
 * that is not a whole number from 1, a time limit over the config's `time_limit`, or an
 * environment entry a process cannot carry (a bad name, a NUL byte in a value).
 */
export function checkSlurmJob(job: JobSpec, options: SlurmJobOptions): void {
  if (!Number.isInteger(job.tasks) || job.tasks < 1) {
    throw new SlurmError(`Invalid task count: ${job.tasks}`, "refused");
  }
  if (!Number.isInteger(job.timeLimitMin) || job.timeLimitMin < 1) {
    throw new SlurmError(`Invalid time limit: ${job.timeLimitMin} minutes`, "refused");
  }
  if (options.time_limit !== undefined && job.timeLimitMin > options.time_limit) {
    throw new SlurmError(
      `The time limit of ${job.timeLimitMin} min is over the ${options.time_limit} min the Slurm config allows (time_limit)`,
      "refused",
    );
  }
  for (const [name, value] of Object.entries(job.environment)) {
    if (!ENV_NAME.test(name) || value.includes("\0")) {
      throw new SlurmError(
        `Invalid environment variable for the job: ${JSON.stringify(name)}`,
        "refused",
      );
    }
  }
}

/** The job's environment, with the config's container image unless the service chose one. */
export function jobEnvironment(job: JobSpec, options: SlurmJobOptions): Record<string, string> {
  const environment = { ...job.environment };
  if (options.container_image && environment[JOB_ENV.containerImage] === undefined) {
    environment[JOB_ENV.containerImage] = options.container_image;
  }
  return environment;
}

/**
 * Where the job's output goes and where it runs: the config's paths, else `<jobsDir>/slurm-%j.out`
 * and `jobsDir` (never the service's own folder, which would fill with job logs).
 */
export function jobPaths(options: SlurmJobOptions, jobsDir: string) {
  return {
    output: options.output ?? path.join(jobsDir, "slurm-%j.out"),
    error: options.error ?? null,
    workdir: options.workdir ?? jobsDir,
  };
}

/**
 * Creates `jobsDir` when the job's output or working directory defaults to it. A folder that
 * cannot be made is a SlurmError ("unavailable") naming it, not a crash.
 */
export function ensureJobsDir(options: SlurmJobOptions, jobsDir: string, mode?: number): void {
  if (options.workdir && options.output) return;
  try {
    mkdirSync(jobsDir, { recursive: true, mode });
  } catch (error) {
    throw new SlurmError(
      `Cannot create the folder for job output ${jobsDir}: ${(error as NodeJS.ErrnoException).code ?? error}; set output and workdir in the Slurm config or --jobs-dir`,
      "unavailable",
    );
  }
}

/**
 * sbatch's arguments for the job: each option one argv entry (`--name=value`), built from checked
 * values only. The script comes on stdin and the job's values through sbatch's environment.
 *
 * @example
 * run(["sbatch", ...sbatchArgs(job, options, "/srv/aifc/jobs")], { env, stdin: JOB_SCRIPT });
 */
export function sbatchArgs(job: JobSpec, options: SlurmJobOptions, jobsDir: string): string[] {
  const paths = jobPaths(options, jobsDir);
  const args = [
    "--parsable",
    `--job-name=${job.name}`,
    `--time=${job.timeLimitMin}`,
    `--ntasks=${job.tasks}`,
    `--output=${paths.output}`,
    `--chdir=${paths.workdir}`,
    "--export=ALL",
  ];
  if (paths.error) args.push(`--error=${paths.error}`);
  if (options.account) args.push(`--account=${options.account}`);
  if (options.partition) args.push(`--partition=${options.partition}`);
  if (options.qos) args.push(`--qos=${options.qos}`);
  if (options.cpus_per_task) args.push(`--cpus-per-task=${options.cpus_per_task}`);
  if (options.mem) args.push(`--mem=${options.mem}`);
  if (options.tasks_per_node) args.push(`--ntasks-per-node=${options.tasks_per_node}`);
  return args;
}

/** A size as sbatch's --mem reads it (no suffix: MB), in MB, for slurmrestd's memory_per_node. */
export function memoryMb(size: string): number {
  const match = /^(\d+)([KMGT]?)$/.exec(size.toUpperCase());
  if (!match) throw new SlurmError(`Invalid memory size: ${size}`, "refused");
  const factor = { K: 1 / 1024, "": 1, M: 1, G: 1024, T: 1024 * 1024 }[match[2] as string] ?? 1;
  return Math.max(1, Math.ceil(Number(match[1]) * factor));
}
