import { z } from "zod";

/**
 * The environment the service hands to a Slurm job and the agent reads back. It is the only
 * channel from the service to the job: the job script is fixed text and only quotes these.
 */
export const JOB_ENV = {
  numClients: "AIFC_NUM_CLIENTS",
  serverAddr: "AIFC_SERVER_ADDR",
  serviceAddr: "AIFC_SERVICE_ADDR",
  benchmarkId: "AIFC_BENCHMARK_ID",
  groupToken: "AIFC_GROUP_TOKEN",
  timeLimitS: "AIFC_TIME_LIMIT_S",
  projectDir: "AIFC_PROJECT_DIR",
  bun: "AIFC_BUN",
  containerImage: "AIFC_CONTAINER_IMAGE",
  /** The service's observer allow-list, so the agent refuses the same observers it would. */
  observerAllow: "AIFC_OBSERVER_ALLOW",
  /** Set by the local adapter per process; under Slurm the agent reads SLURM_PROCID/SLURM_NTASKS. */
  taskIndex: "AIFC_TASK_INDEX",
  numTasks: "AIFC_NUM_TASKS",
} as const;

/** Which task of the job this process is, from our variables or Slurm's. */
export const TaskPlacement = z.object({
  taskIndex: z.coerce.number().int().min(0).default(0),
  numTasks: z.coerce.number().int().min(1).default(1),
});

export function taskPlacementFrom(env: Record<string, string | undefined>) {
  return TaskPlacement.parse({
    taskIndex: env[JOB_ENV.taskIndex] ?? env.SLURM_PROCID,
    numTasks: env[JOB_ENV.numTasks] ?? env.SLURM_NTASKS,
  });
}

/** This task's share of the group's clients: as even as possible, the first tasks take the rest. */
export function clientsForTask(total: number, taskIndex: number, numTasks: number): number {
  return Math.floor(total / numTasks) + (taskIndex < total % numTasks ? 1 : 0);
}
