import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { http, waitFor } from "../integration/real-process.ts";

/** Where slurm/dev-cluster.sh keeps its state (and the jwt key). */
export const DEV_CLUSTER_DIR = process.env.AIFC_SLURM_DIR ?? "/var/tmp/aifc-slurm";
export const JWT_KEY_FILE = join(DEV_CLUSTER_DIR, "jwt_hs256.key");
export const SLURMRESTD_URL = `http://127.0.0.1:${process.env.AIFC_SLURMRESTD_PORT ?? "6820"}`;

/** Runs a Slurm command (argv, no shell) and returns what it printed. */
export function slurmCommand(argv: string[]) {
  const result = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  return {
    code: result.exitCode,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  };
}

/** The job's state as `scontrol show job` prints it (`CANCELLED`, `FAILED`, ...). */
export function scontrolState(jobId: string): string | null {
  return (
    /JobState=(\S+)/.exec(slurmCommand(["scontrol", "show", "job", jobId]).stdout)?.[1] ?? null
  );
}

/** Fails early, with what to do, when the dev cluster is not up. */
export function requireDevCluster(): void {
  const node = slurmCommand(["sinfo", "-h", "-o", "%T"]);
  if (node.code !== 0 || !/idle|mixed|allocated|completing/.test(node.stdout)) {
    throw new Error(
      `No idle Slurm node (sinfo: ${node.stdout.trim() || node.stderr.trim()}). Start the dev cluster first: slurm/dev-cluster.sh start`,
    );
  }
}

/** The dev cluster's jwt key, for minting tokens as slurmrestd expects them. */
export function readJwtKey(): Uint8Array {
  if (!existsSync(JWT_KEY_FILE)) {
    throw new Error(
      `No jwt key at ${JWT_KEY_FILE}: start the dev cluster first: slurm/dev-cluster.sh start`,
    );
  }
  return readFileSync(JWT_KEY_FILE);
}

/** Cancels every job id given (scancel accepts unknown and finished ids). */
export function cancelJobs(jobIds: Iterable<string>): void {
  const ids = [...jobIds].filter((id) => /^\d+$/.test(id));
  if (ids.length > 0) slurmCommand(["scancel", ...ids]);
}

export { startMockAi, startService } from "../integration/stack.ts";

/** Waits until the group reaches `state`; a group that fails instead fails the test with its reason. */
export async function waitForGroup(
  api: string,
  id: number,
  state: string,
  explain: () => string,
  timeoutMs = 60_000,
) {
  let last: { state?: string; reason?: string; slurm_state?: string } | undefined;
  try {
    return await waitFor(
      `group ${id} to be ${state}`,
      async () => {
        const info = (await http("GET", `${api}/client-group/${id}`)).body.info;
        last = info;
        if (info?.state === state) return info;
        if (state !== "failed" && (info?.state === "failed" || info?.state === "cancelled")) {
          throw new Error(`group ${id} is ${info.state}: ${info.reason}`);
        }
        return undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; last seen ${last?.state} (${last?.reason ?? "no reason"}, Slurm ${last?.slurm_state})\n${explain()}`,
    );
  }
}

/** A job's output file (sbatch --output), for failure messages. */
export function jobOutput(jobsDir: string, jobId: string): string {
  const file = join(jobsDir, `slurm-${jobId}.out`);
  return existsSync(file) ? `--- ${file}\n${readFileSync(file, "utf8")}` : `(no ${file})`;
}
