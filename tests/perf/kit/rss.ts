import { readFile } from "node:fs/promises";

/** A process's resident set size in bytes (`VmRSS` of /proc/<pid>/status); null once it is gone. */
export async function readRssBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB$/m);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
