import { resolve } from "node:path";
import type { Subprocess } from "bun";

export const PROJECT_DIR = resolve(import.meta.dir, "../..");

export type RealProcess = {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** The first line that matched `readyLine`, with its groups. */
  ready: RegExpMatchArray;
  /** Everything the process printed so far (stdout and stderr), for assertions and failures. */
  output(): string;
  stop(): Promise<void>;
};

/**
 * Starts a project entry point (`bun <script> ...args`) as a real process and waits until it
 * prints a line matching `readyLine`; fails with the process's own output if it never does.
 */
export async function startProcess(
  script: string,
  args: string[],
  readyLine: RegExp,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RealProcess> {
  const proc = Bun.spawn([process.execPath, script, ...args], {
    cwd: PROJECT_DIR,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...options.env },
  });
  let text = "";
  let resolveReady: (m: RegExpMatchArray) => void = () => {};
  const readyPromise = new Promise<RegExpMatchArray>((r) => {
    resolveReady = r;
  });
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      const match = text.match(readyLine);
      if (match) resolveReady(match);
    }
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const ready = await Promise.race([
    readyPromise,
    proc.exited.then((code) => {
      throw new Error(`${script} exited with ${code} before it was ready:\n${text}`);
    }),
    Bun.sleep(timeoutMs).then(() => {
      throw new Error(`${script} printed no ${readyLine} within ${timeoutMs} ms:\n${text}`);
    }),
  ]);
  return {
    proc,
    ready,
    output: () => text,
    async stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await Promise.race([proc.exited, Bun.sleep(5000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}

/** Polls `probe` until it returns a value (not undefined), or throws after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await Bun.sleep(100);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}`,
  );
}

/** JSON over real HTTP: `{ status, body }`. */
export async function http(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Non-JSON answers (Prometheus text, HTML) are returned as text.
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  return { status: response.status, body: json as any };
}
