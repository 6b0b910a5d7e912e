import { type Clock, systemClock } from "../core/clock.ts";
import type { SlurmConfig } from "../core/config/slurm-config.ts";
import type { Logger } from "../core/log.ts";
import type { SlurmAdapter } from "./adapter.ts";
import { type CommandRunner, spawnRunner } from "./command-runner.ts";
import { FakeSlurm } from "./fake.ts";
import { LocalSlurm } from "./local.ts";
import { RestSlurm } from "./rest.ts";
import { ShellSlurm } from "./shell.ts";
import { SlurmTokenSource } from "./slurm-token-source.ts";

export type SlurmAdapterKind = "auto" | "local" | "fake" | "shell" | "rest";

export type SlurmAdapterDeps = {
  /** Where the local adapter keeps its jobs, and where shell/REST jobs write their output. */
  jobsDir: string;
  /** The Slurm config file's settings (`--slurm-config`); empty when none was given. */
  slurmConfig?: SlurmConfig;
  log?: Logger;
  clock?: Clock;
  /** Base environment of jobs and Slurm commands; default this process's. */
  env?: Record<string, string | undefined>;
  /** Finds a command on PATH; default `Bun.which`. */
  which?: (command: string) => string | null;
  /** Runs Slurm's commands; default Bun.spawn. */
  run?: CommandRunner;
  fetch?: typeof fetch;
};

const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

/**
 * The adapter `serve --slurm <kind>` asks for, set up from the Slurm config. `auto` means `shell`
 * where `sbatch` is on PATH, else `local`. Throws an Error with a sentence the user can act on
 * when the config lacks what the adapter needs (the REST adapter's `url`).
 *
 * @example
 * const slurm = createSlurmAdapter("rest", { jobsDir: "./data/jobs", slurmConfig, log });
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
  const config = deps.slurmConfig ?? {};
  const env = deps.env ?? process.env;
  const run = deps.run ?? spawnRunner();
  switch (chosen) {
    case "local":
      return new LocalSlurm({ jobsDir: deps.jobsDir, env, clock: deps.clock });
    case "fake":
      return new FakeSlurm();
    case "shell":
      return new ShellSlurm({ jobsDir: deps.jobsDir, options: config, env, run, log: deps.log });
    case "rest": {
      if (!config.url) {
        throw new Error(
          "The rest Slurm adapter needs slurmrestd's address: set url=http://<host>:6820 in the Slurm config file (--slurm-config) or AIFC_SLURM_URL.",
        );
      }
      const commandEnv = Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const tokens = new SlurmTokenSource({
        config,
        clock: deps.clock ?? systemClock,
        run,
        env: commandEnv,
        log: deps.log,
      });
      return new RestSlurm({
        url: config.url,
        apiVer: config.api_ver ?? "v0.0.38",
        userName: config.user_name,
        tokens,
        fetch: deps.fetch ?? fetch,
        jobsDir: deps.jobsDir,
        options: config,
        path: env.PATH ?? DEFAULT_PATH,
        log: deps.log,
      });
    }
  }
}
