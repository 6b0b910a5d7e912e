import type { CommandOptions, CommandResult } from "../../../slurm/command-runner.ts";

export type RecordedCall = { argv: string[]; options: CommandOptions };
type Reply = Partial<CommandResult> | ((argv: string[]) => Partial<CommandResult>);

/**
 * A small stand-in for Slurm's commands: answers each command (argv[0]) with the next scripted
 * reply for it (the last one repeats), and records every call with its environment and stdin.
 * A command with no script rejects as a missing binary does.
 */
export function fakeRunner(script: Record<string, Reply[]>) {
  const calls: RecordedCall[] = [];
  const used: Record<string, number> = {};
  const run = async (argv: readonly string[], options: CommandOptions = {}) => {
    const command = argv[0] as string;
    calls.push({ argv: [...argv], options });
    const replies = script[command];
    if (!replies || replies.length === 0) {
      throw new Error(`ENOENT: no such file or directory, posix_spawn '${command}'`);
    }
    const index = Math.min(used[command] ?? 0, replies.length - 1);
    used[command] = (used[command] ?? 0) + 1;
    const reply = replies[index] as Reply;
    const result = typeof reply === "function" ? reply([...argv]) : reply;
    return { code: 0, stdout: "", stderr: "", ...result };
  };
  return { run, calls, of: (command: string) => calls.filter((c) => c.argv[0] === command) };
}
