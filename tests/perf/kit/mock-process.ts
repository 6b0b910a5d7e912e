import { MockAiStatsBody } from "../../../mock-ai/stats.ts";
import { bunArgv, type ReadyProcess, spawnReady } from "./spawn-ready.ts";

export type MockProcess = ReadyProcess & {
  url: string;
  /** The mock's `GET /stats`. */
  stats(): Promise<MockAiStatsBody>;
};

/**
 * Starts the mock AI server in its own process on 127.0.0.1 with an OS-chosen port, with the
 * given flags (`--ttft-ms 0 ...`), optionally pinned to `cpus` and with the loop-lag probe.
 */
export async function startMock(
  flags: string[],
  options: { cpus?: string; probe?: boolean; openFiles?: number } = {},
): Promise<MockProcess> {
  const mock = await spawnReady(
    bunArgv({
      script: "mock-ai/main.ts",
      args: ["--host", "127.0.0.1", "--port", "0", ...flags],
      cpus: options.cpus,
      probe: options.probe,
      openFiles: options.openFiles,
    }),
    /mock-ai listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  const url = mock.ready?.[1] as string;
  return {
    ...mock,
    url,
    stats: async () => MockAiStatsBody.parse(await (await fetch(`${url}/stats`)).json()),
  };
}
