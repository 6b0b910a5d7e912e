import { resolve } from "node:path";
import type { Subprocess } from "bun";

export const PROJECT_DIR = resolve(import.meta.dir, "../../..");
export const LOOP_LAG_PROBE = resolve(import.meta.dir, "loop-lag-probe.ts");

/** A child process started by a benchmark, with everything it printed so far. */
export type ReadyProcess = {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  pid: number;
  /** The first match of the ready line (null when none was asked for). */
  ready: RegExpMatchArray | null;
  /** Everything printed so far, stdout and stderr interleaved as it came. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code. */
  stop(): Promise<number>;
};

/**
 * How to start a project script with Bun: pinned to CPUs, with the loop-lag probe preloaded,
 * with at least `openFiles` file descriptors allowed (one per connection).
 */
export type BunLaunch = {
  script: string;
  args?: string[];
  cpus?: string | undefined;
  probe?: boolean | undefined;
  openFiles?: number | undefined;
};

/**
 * The argv of `bun [--preload probe] <script> ...args`, under `taskset -c <cpus>` when asked,
 * and under a shell that raises `ulimit -n` first when more open files are needed (as root the
 * hard limit rises too; otherwise the soft limit goes as high as the hard one allows).
 */
export function bunArgv(launch: BunLaunch): string[] {
  const pin = launch.cpus && Bun.which("taskset") ? ["taskset", "-c", launch.cpus] : [];
  const preload = launch.probe ? ["--preload", LOOP_LAG_PROBE] : [];
  const bun = [process.execPath, ...preload, launch.script, ...(launch.args ?? [])];
  const limit = launch.openFiles
    ? [
        "sh",
        "-c",
        'ulimit -n "$0" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"',
        String(launch.openFiles),
      ]
    : [];
  return [...limit, ...pin, ...bun];
}

/**
 * Starts `argv` in the project folder and, when `readyLine` is given, waits until it prints a
 * matching line; throws with the process's own output when it exits or stays silent instead.
 */
export async function spawnReady(
  argv: string[],
  readyLine: RegExp | null,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ReadyProcess> {
  const proc = Bun.spawn(argv, {
    cwd: PROJECT_DIR,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...options.env },
  });
  let text = "";
  let onReady: (match: RegExpMatchArray) => void = () => undefined;
  const readyPromise = new Promise<RegExpMatchArray>((resolve) => {
    onReady = resolve;
  });
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      const match = readyLine ? text.match(readyLine) : null;
      if (match) onReady(match);
    }
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  const stop = async () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
    await Promise.race([proc.exited, Bun.sleep(5000)]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
    return await proc.exited;
  };
  let ready: RegExpMatchArray | null = null;
  if (readyLine) {
    const timeoutMs = options.timeoutMs ?? 20_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      ready = await Promise.race([
        readyPromise,
        proc.exited.then((code) => {
          throw new Error(`${argv.join(" ")} exited with ${code} before it was ready:\n${text}`);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${argv.join(" ")} printed no ${readyLine} in ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      await stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
  return { proc, pid: proc.pid, ready, output: () => text, stop };
}
