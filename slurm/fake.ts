import {
  FINISHED_STATES,
  type JobSpec,
  type JobStatus,
  type SlurmAdapter,
  SlurmError,
  type SlurmJobState,
} from "./adapter.ts";

export type FakeSlurmOptions = {
  /** Every submit is refused with this Slurm message (→ SlurmError "refused"). */
  refuse?: string;
  /** Every submit fails as if Slurm were unreachable (→ SlurmError "unavailable"). */
  unavailable?: string;
  /** Where new jobs start; default PENDING with reason "Priority". */
  startAs?: { state: SlurmJobState; reason?: string | null; nodes?: string | null };
  /** Called after each accepted submit, e.g. to start a simulated agent. */
  onSubmit?: (job: JobSpec, jobId: string) => void;
};

type SubmitFailure = { refuse?: string; unavailable?: string };

/**
 * Slurm in memory, for unit tests: a real small implementation with scripted transitions, not a
 * mock. Job ids count up from 1000; `submitted` and `cancelled` record what the service asked.
 *
 * @example
 * const slurm = new FakeSlurm({ onSubmit: (job, id) => slurm.setState(id, "RUNNING", null, "node1") });
 */
export class FakeSlurm implements SlurmAdapter {
  readonly name = "fake" as const;
  /** Accepted jobs, in submit order. */
  readonly submitted: JobSpec[] = [];
  /** Every id passed to cancel, in order, known or not. */
  readonly cancelled: string[] = [];
  private readonly jobs = new Map<string, JobStatus>();
  private nextId = 1000;
  private failure: SubmitFailure;

  constructor(private readonly options: FakeSlurmOptions = {}) {
    this.failure = { refuse: options.refuse, unavailable: options.unavailable };
  }

  /** Changes how later submits fail; `{}` makes them succeed again. */
  setSubmitFailure(failure: SubmitFailure): void {
    this.failure = { ...failure };
  }

  async submit(job: JobSpec): Promise<string> {
    if (this.failure.unavailable !== undefined) {
      throw new SlurmError(this.failure.unavailable, "unavailable");
    }
    if (this.failure.refuse !== undefined) throw new SlurmError(this.failure.refuse, "refused");
    const jobId = String(this.nextId++);
    const start = this.options.startAs ?? { state: "PENDING", reason: "Priority" };
    this.submitted.push(job);
    this.jobs.set(jobId, {
      jobId,
      state: start.state,
      reason: start.reason ?? null,
      nodes: start.nodes ?? null,
      exitCode: null,
    });
    this.options.onSubmit?.(job, jobId);
    return jobId;
  }

  /**
   * Moves a job to a new state, as Slurm would. Nodes stay as they were unless given; a
   * COMPLETED job gets exit code 0 unless one is given.
   */
  setState(
    jobId: string,
    state: SlurmJobState,
    reason: string | null = null,
    nodes?: string | null,
    exitCode?: number | null,
  ): void {
    const current = this.jobs.get(jobId);
    if (current === undefined) throw new Error(`FakeSlurm has no job ${jobId} to move to ${state}`);
    this.jobs.set(jobId, {
      jobId,
      state,
      reason,
      nodes: nodes === undefined ? current.nodes : nodes,
      exitCode: exitCode === undefined ? (state === "COMPLETED" ? 0 : null) : exitCode,
    });
  }

  /** Forgets a job, as Slurm does once a finished job passes MinJobAge; it then reads UNKNOWN. */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  async status(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    const result = new Map<string, JobStatus>();
    for (const jobId of jobIds) {
      const job = this.jobs.get(jobId);
      result.set(
        jobId,
        job === undefined
          ? { jobId, state: "UNKNOWN", reason: null, nodes: null, exitCode: null }
          : { ...job },
      );
    }
    return result;
  }

  async cancel(jobId: string): Promise<void> {
    this.cancelled.push(jobId);
    const job = this.jobs.get(jobId);
    if (job === undefined || FINISHED_STATES.has(job.state)) return;
    this.jobs.set(jobId, { ...job, state: "CANCELLED", reason: null });
  }
}
