import { join } from "node:path";
import { bunArgv, type ReadyProcess, spawnReady } from "./spawn-ready.ts";

export type ServiceProcess = ReadyProcess & { api: string };

/**
 * Starts the Client Service (`handlers/service/main.ts`) in its own process on 127.0.0.1 with an
 * OS-chosen port, the fake Slurm adapter (jobs stay PENDING, so the benchmark plays the agents),
 * its database under `dir`, and `secret` as its group-token secret so that the caller can sign
 * the tokens a job would receive. The AI server address is never called.
 */
export async function startServiceProcess(
  dir: string,
  secret: string,
  options: { openFiles?: number } = {},
): Promise<ServiceProcess> {
  const service = await spawnReady(
    bunArgv({
      script: "handlers/service/main.ts",
      args: [
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--slurm",
        "fake",
        "--db",
        join(dir, "service.db"),
        "--jobs-dir",
        join(dir, "jobs"),
        "--server-addr",
        "http://127.0.0.1:9",
      ],
      openFiles: options.openFiles,
    }),
    /client service listening on (http:\/\/127\.0\.0\.1:\d+)/,
    { env: { AIFC_SECRET: secret, AIFC_API_TOKEN: "" } },
  );
  return { ...service, api: `${service.ready?.[1]}/api/v1` };
}
