/** What a Slurm command printed and how it ended. */
export type CommandResult = { code: number; stdout: string; stderr: string };

export type CommandOptions = {
  /** The command's whole environment (not merged with this process's). */
  env?: Record<string, string>;
  /** Text written to the command's standard input. */
  stdin?: string;
  cwd?: string;
};

/**
 * Runs one command from an argv array, never through a shell. Rejects only when the command
 * cannot be started at all (missing binary); a non-zero exit is a result, not an error.
 */
export type CommandRunner = (
  argv: readonly string[],
  options?: CommandOptions,
) => Promise<CommandResult>;

/**
 * The real runner: `Bun.spawn` with the argv as given (so values are data, never shell text),
 * killed after `timeoutMs` (Slurm's commands wait up to 18 s for a controller that is down).
 *
 * @example
 * const { code, stdout } = await spawnRunner()(["squeue", "-h", "-j", "42"]);
 */
export function spawnRunner(timeoutMs = 60_000): CommandRunner {
  return async (argv, options = {}) => {
    const child = Bun.spawn([...argv], {
      env: options.env ?? (process.env as Record<string, string>),
      cwd: options.cwd,
      stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
      stdout: "pipe",
      stderr: "pipe",
      timeout: timeoutMs,
    });
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    if (child.signalCode !== null && child.signalCode !== undefined) {
      return {
        code: code === 0 ? 1 : code,
        stdout,
        stderr: `${stderr}${argv[0]} was stopped after ${timeoutMs} ms (${child.signalCode})`,
      };
    }
    return { code, stdout, stderr };
  };
}
