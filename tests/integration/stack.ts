import { join } from "node:path";
import { type RealProcess, startProcess } from "./real-process.ts";

/** The mock AI server as a real process; by default fast enough that a benchmark takes well under a second. */
export async function startMockAi(
  flags: string[] = ["--ttft-ms", "20", "--itl-ms", "2", "--output-tokens", "8"],
): Promise<{ mock: RealProcess; url: string }> {
  const mock = await startProcess(
    "mock-ai/main.ts",
    ["--port", "0", ...flags],
    /mock-ai listening on (http:\/\/\S+)/,
  );
  return { mock, url: mock.ready[1] as string };
}

/** The Client Service as a real process on loopback, with the given arguments added. */
export async function startService(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ service: RealProcess; api: string }> {
  const service = await startProcess(
    "handlers/service/main.ts",
    ["--port", "0", "--host", "127.0.0.1", "--reconcile-interval-ms", "250", ...args],
    /client service listening on (http:\/\/\S+)/,
    { env },
  );
  return { service, api: `${service.ready[1]}/api/v1` };
}

/**
 * The Client Service with the local Slurm adapter, its database and jobs under `dir`; `flags`
 * adds to the command line (e.g. `--port` to restart it where it was).
 */
export function startLocalService(
  serverAddr: string,
  dir: string,
  env: Record<string, string> = {},
  flags: string[] = [],
) {
  return startService(
    [
      serverAddr,
      "--slurm",
      "local",
      "--db",
      join(dir, "service.db"),
      "--jobs-dir",
      join(dir, "jobs"),
      ...flags,
    ],
    env,
  );
}
