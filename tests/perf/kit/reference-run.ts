import { bunArgv, spawnReady } from "./spawn-ready.ts";
import type { Summary } from "./stats.ts";

export type ReferenceRun = {
  url: string;
  streams: number;
  durationS: number;
  maxTokens: number;
  warmupS: number;
  rampUpS: number;
};

export type ReferenceResult = {
  completed: number;
  failed: number;
  /** CPU seconds per second the client used. */
  cpuShare: number;
  ttft: Summary;
  itl: Summary;
};

/**
 * Runs `tests/perf/reference-client.ts` in its own process with the loop-lag probe and Bun's
 * fetch limit above its streams; returns its result and everything it printed, or throws with
 * its output when it fails or overruns its duration by a minute.
 */
export async function runReferenceClient(
  run: ReferenceRun,
): Promise<{ result: ReferenceResult; output: string }> {
  const client = await spawnReady(
    bunArgv({
      script: "tests/perf/reference-client.ts",
      args: [run.url, run.streams, run.durationS, run.maxTokens, run.warmupS, run.rampUpS].map(
        String,
      ),
      probe: true,
    }),
    null,
    { env: { BUN_CONFIG_MAX_HTTP_REQUESTS: String(run.streams + 64) } },
  );
  // Bounded like every benchmark process: a client that overruns its run by a minute is stopped.
  const limit = setTimeout(() => void client.stop(), (run.durationS + 60) * 1000);
  const code = await client.proc.exited;
  clearTimeout(limit);
  const line = client.output().match(/^reference-result (.*)$/m);
  if (code !== 0 || !line) {
    throw new Error(`the reference client failed (${code}):\n${client.output().slice(-2000)}`);
  }
  return { result: JSON.parse(line[1] as string) as ReferenceResult, output: client.output() };
}
