import { readCpuSeconds } from "./cpu.ts";
import { readRssBytes } from "./rss.ts";

export const IDLE = "idle";
export const SAMPLE_MS = 100;

/** Per phase of the driver: the service's peak RSS and the CPU seconds it used. */
export type PhaseUse = Record<string, { rssPeak: number; cpuS: number }>;
/**
 * Samples a process every 100 ms until the returned function is called: peak RSS and CPU seconds
 * per phase, as `currentPhase()` names them. The caller separates phases by an `idle` phase
 * longer than a sample, so each sample covers one working phase at most and is given to the
 * working phase seen at its start or at its end.
 */
export function sampleByPhase(pid: number, currentPhase: () => string) {
  const use: PhaseUse = {};
  let stopped = false;
  const done = (async () => {
    let cpuAt = (await readCpuSeconds(pid)) ?? 0;
    while (!stopped) {
      const atStart = currentPhase();
      await Bun.sleep(SAMPLE_MS);
      const [rss, cpu] = await Promise.all([readRssBytes(pid), readCpuSeconds(pid)]);
      if (rss === null || cpu === null) return;
      const phase = atStart === IDLE ? currentPhase() : atStart;
      const entry = use[phase] ?? { rssPeak: 0, cpuS: 0 };
      use[phase] = entry;
      entry.rssPeak = Math.max(entry.rssPeak, rss);
      entry.cpuS += cpu - cpuAt;
      cpuAt = cpu;
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return use;
  };
}
