import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/log.ts";
import type { SlurmAdapter } from "./adapter.ts";
import { FakeSlurm } from "./fake.ts";
import { LocalSlurm } from "./local.ts";

export type SlurmAdapterKind = "auto" | "local" | "fake" | "shell" | "rest";

export type SlurmAdapterDeps = {
  /** Where the local adapter keeps its jobs. */
  jobsDir: string;
  log?: Logger;
  clock?: Clock;
  /** Base environment of local jobs; default this process's. */
  env?: Record<string, string | undefined>;
  /** Finds a command on PATH; default `Bun.which`. */
  which?: (command: string) => string | null;
};

/**
 * The adapter `serve --slurm <kind>` asks for. `auto` means `shell` where `sbatch` is on PATH,
 * else `local`. Throws an Error with a sentence the user can act on for an adapter this version
 * does not have.
 *
 * @example
 * const slurm = createSlurmAdapter("auto", { jobsDir: "./data/jobs", log });
 */
export function createSlurmAdapter(kind: SlurmAdapterKind, deps: SlurmAdapterDeps): SlurmAdapter {
  const which = deps.which ?? ((command: string) => Bun.which(command));
  const chosen = kind === "auto" ? (which("sbatch") ? "shell" : "local") : kind;
  if (kind === "auto") {
    deps.log?.info("slurm_adapter_chosen", {
      adapter: chosen,
      why: chosen === "shell" ? "sbatch is on PATH" : "sbatch is not on PATH",
    });
  }
  switch (chosen) {
    case "local":
      return new LocalSlurm({ jobsDir: deps.jobsDir, env: deps.env, clock: deps.clock });
    case "fake":
      return new FakeSlurm();
    case "shell":
    case "rest":
      throw new Error(
        `The ${chosen} Slurm adapter is not available in this version; start the service with --slurm local (or AIFC_SLURM=local) to run jobs as local processes.`,
      );
  }
}
