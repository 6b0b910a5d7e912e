import * as fs from "node:fs";

/** One task's process-group leader, as the local adapter records it. */
export type TaskProcess = { pid: number; startTime: number | null };

type ProcStat = { state: string; startTime: number };

/** `/proc/<pid>/stat` on Linux: null when the process is gone, undefined where /proc is missing. */
function readProcStat(pid: number): ProcStat | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return fs.existsSync("/proc/self/stat") ? null : undefined;
  }
  // The command name may hold spaces and parentheses; the fields after its last ")" do not.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", startTime: Number(fields[19]) };
}

/**
 * When the process started (clock ticks since boot, Linux), or null where that is unknown. With
 * the pid it names the process for good: a pid reused after a restart starts at another time.
 */
export function processStartTime(pid: number): number | null {
  return readProcStat(pid)?.startTime ?? null;
}

/**
 * Whether the task's process still runs: present, not a zombie and, where its start time was
 * recorded, the same process and not a later one that got the same pid. Without /proc, signal
 * 0 is the best we have.
 */
export function isTaskAlive(task: TaskProcess): boolean {
  const stat = readProcStat(task.pid);
  if (stat === undefined) {
    try {
      process.kill(task.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
  if (stat === null || stat.state === "Z" || stat.state === "X") return false;
  return task.startTime === null || stat.startTime === task.startTime;
}

/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group has ended; EPERM: not ours to signal. Either way nothing more to do.
  }
}

/**
 * Stops task process groups as Slurm does: SIGTERM, up to `graceMs` for the leaders to exit,
 * then SIGKILL to whatever is left in the groups (leftover children included).
 */
export async function stopGroups(tasks: readonly TaskProcess[], graceMs: number): Promise<void> {
  for (const task of tasks) signalGroup(task.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (tasks.some(isTaskAlive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  for (const task of tasks) signalGroup(task.pid, "SIGKILL");
}
