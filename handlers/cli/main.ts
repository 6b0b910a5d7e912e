#!/usr/bin/env bun
import { ServiceError } from "../../core/api-client/create-service-client.ts";
import { benchRun } from "./bench-run.ts";
import { benchSweep } from "./bench-sweep.ts";
import { cancelGroup } from "./cancel-group.ts";
import { type CliDeps, type Command, processDeps } from "./cli-deps.ts";
import { FlagError } from "./cli-flags.ts";
import { listGroups } from "./list-groups.ts";
import { showResults } from "./show-results.ts";
import { showStatus } from "./show-status.ts";

const COMMANDS: Record<string, Command> = {
  sweep: benchSweep,
  groups: listGroups,
  status: showStatus,
  results: showResults,
  cancel: cancelGroup,
};

/**
 * `bench [command] [flags]`: a known command word picks the command (`sweep`, `groups`,
 * `status ID`, `results ID`, `cancel ID`); anything else is one benchmark run. Returns the exit
 * code: 2 for bad flags (with the flag named), 1 when the service refused or failed.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const [word, ...rest] = argv;
  const command = word !== undefined ? COMMANDS[word] : undefined;
  const name = command ? word : "bench";
  try {
    return command ? await command(rest, deps) : await benchRun(argv, deps);
  } catch (error) {
    if (error instanceof FlagError) {
      deps.err(`${name}: ${error.message}`);
      deps.err(`Run \`bun run bench ${command ? `${word} ` : ""}--help\` for the options.`);
      return 2;
    }
    if (error instanceof ServiceError) {
      deps.err(
        `${name}: ${error.status === 0 ? "" : `the service answered ${error.status}: `}${error.detail}`,
      );
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(Bun.argv.slice(2), processDeps());
}
