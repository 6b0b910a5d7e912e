import { FINISHED_STATES, type JobStatus, SlurmError } from "./adapter.ts";

export type ConfirmCancelOptions = {
  /** Reads the job's state now. */
  read: (jobId: string) => Promise<JobStatus>;
  sleep: (ms: number) => Promise<void>;
  /** How often to look, and how long to wait between looks. Default 40 × 250 ms. */
  attempts?: number;
  delayMs?: number;
};

/**
 * Waits until Slurm reports the job as ended (CANCELLED, or any end it reached first).
 * `scancel` exits 0 even for an id it could not act on, so only the job's state confirms a
 * cancel. Rejects with a SlurmError when the job still runs after the last look.
 */
export async function confirmCancelled(jobId: string, options: ConfirmCancelOptions) {
  const attempts = options.attempts ?? 40;
  for (let attempt = 1; ; attempt++) {
    const status = await options.read(jobId);
    if (FINISHED_STATES.has(status.state) || status.state === "COMPLETING") return;
    if (attempt >= attempts) {
      throw new SlurmError(
        `Slurm still reports job ${jobId} as ${status.state} after it was asked to cancel it`,
        "unavailable",
      );
    }
    await options.sleep(options.delayMs ?? 250);
  }
}
