import { readFile } from "node:fs/promises";

/** Linux's USER_HZ: /proc times are in these ticks on every architecture Debian ships. */
const TICKS_PER_S = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null once it is gone. */
export async function readCpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Starts measuring a process's CPU use; the returned function gives CPU seconds per second since. */
export async function cpuMeter(pid: number): Promise<() => Promise<number>> {
  const cpuAt = (await readCpuSeconds(pid)) ?? 0;
  const at = performance.now();
  return async () =>
    (((await readCpuSeconds(pid)) ?? cpuAt) - cpuAt) / ((performance.now() - at) / 1000);
}
