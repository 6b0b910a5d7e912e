/**
 * The one interface the service uses to reach Slurm. Implementations: `shell` (sbatch/squeue/
 * scancel), `rest` (slurmrestd with a JWT), `local` (the job script as a local process group)
 * and `fake` (in memory, for unit tests). None of them ever puts user text into shell text:
 * values reach the job only through `JobSpec.environment`.
 */

/** Slurm's own job state names (squeue's `%T`), plus UNKNOWN for a job Slurm no longer knows. */
export const SLURM_JOB_STATES = [
  "PENDING",
  "CONFIGURING",
  "RUNNING",
  "COMPLETING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "NODE_FAIL",
  "OUT_OF_MEMORY",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "SUSPENDED",
  "UNKNOWN",
] as const;
export type SlurmJobState = (typeof SLURM_JOB_STATES)[number];

export type JobSpec = {
  /** Slurm job name, e.g. `aifc-42`. */
  name: string;
  /** Wall-clock limit in whole minutes. */
  timeLimitMin: number;
  /** Agents to start: one Slurm task each. */
  tasks: number;
  /** Everything the job needs, as environment variables (never interpolated into a script). */
  environment: Record<string, string>;
};

export type JobStatus = {
  jobId: string;
  state: SlurmJobState;
  /** Slurm's reason (`Priority`, `Resources`, `NonZeroExitCode`, ...) or null when none. */
  reason: string | null;
  /** Node list once the job has started. */
  nodes: string | null;
  exitCode: number | null;
};

export interface SlurmAdapter {
  readonly name: "shell" | "rest" | "local" | "fake";
  /** Submits the job; resolves to Slurm's job id, or rejects with a SlurmError. */
  submit(job: JobSpec): Promise<string>;
  /** Current state of each known job; ids Slurm no longer knows map to UNKNOWN. */
  status(jobIds: readonly string[]): Promise<Map<string, JobStatus>>;
  /** Cancels the job; cancelling a finished or unknown job is not an error. */
  cancel(jobId: string): Promise<void>;
  /** Releases what the adapter holds (child processes, timers). */
  close?(): Promise<void>;
}

/**
 * Slurm said no (`refused`: bad account, partition, limits → 502) or could not be reached
 * (`unavailable`: controller down, command missing → 503). The message is Slurm's own text.
 */
export class SlurmError extends Error {
  constructor(
    message: string,
    readonly kind: "refused" | "unavailable",
  ) {
    super(message);
    this.name = "SlurmError";
  }
}

export const FINISHED_STATES: ReadonlySet<SlurmJobState> = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "NODE_FAIL",
  "OUT_OF_MEMORY",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "UNKNOWN",
]);
