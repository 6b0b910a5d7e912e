import { SlurmError } from "./adapter.ts";
import type { CommandResult } from "./command-runner.ts";

// Slurm's words for "the controller could not be reached" (as opposed to "it said no").
const UNREACHABLE =
  /Unable to contact slurm controller|Socket timed out|Zero Bytes were transmitted|Connection refused|connect failure|Communication connection failure|backup controller in standby|was stopped after \d+ ms/i;

/** Whether Slurm's text says the job id is unknown (squeue, scontrol, slurmrestd error 2017). */
export const isInvalidJobId = (text: string) => /Invalid job id specified/i.test(text);

/** Whether Slurm's text says its controller could not be reached. */
export const isUnreachable = (text: string) => UNREACHABLE.test(text);

/**
 * The command's own error text on one line: its stderr lines without the `sbatch: error: `
 * prefixes, e.g. "invalid partition specified: nope; Batch job submission failed: Invalid
 * partition name specified".
 */
export function commandMessage(command: string, result: CommandResult): string {
  const lines = `${result.stderr}\n${result.code === 0 ? "" : result.stdout}`
    .split("\n")
    .map((line) => line.replace(new RegExp(`^${command}: (error: )?`), "").trim())
    .filter((line) => line !== "");
  return lines.length > 0 ? lines.join("; ") : `${command} exited with code ${result.code}`;
}

/**
 * A failed Slurm command as a SlurmError: "unavailable" when the controller could not be
 * reached, else "refused" (Slurm looked at the request and said no), with Slurm's own text.
 */
export function commandError(command: string, result: CommandResult): SlurmError {
  const message = commandMessage(command, result);
  return new SlurmError(message, isUnreachable(message) ? "unavailable" : "refused");
}

/** A command that could not be started at all (not installed, not on PATH). */
export function missingCommandError(command: string, error: unknown): SlurmError {
  const why = error instanceof Error ? error.message : String(error);
  return new SlurmError(
    `Cannot run ${command} (${why}): is Slurm installed and ${command} on the service's PATH?`,
    "unavailable",
  );
}
