import { type JobSpec, SlurmError } from "./adapter.ts";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Refuses, before anything starts, a job the local adapter cannot run, as Slurm would refuse
 * it: a task count outside 1..maxTasks, a time limit under a minute, or an environment entry a
 * process cannot carry (a bad name, a NUL byte in a value).
 */
export function checkLocalJob(job: JobSpec, maxTasks: number): void {
  if (!Number.isInteger(job.tasks) || job.tasks < 1 || job.tasks > maxTasks) {
    throw new SlurmError(
      `The local adapter runs 1 to ${maxTasks} tasks per job; ${job.tasks} were asked for`,
      "refused",
    );
  }
  if (!Number.isInteger(job.timeLimitMin) || job.timeLimitMin < 1) {
    throw new SlurmError(`Invalid time limit: ${job.timeLimitMin} minutes`, "refused");
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
