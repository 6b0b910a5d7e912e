import { writeFile } from "node:fs/promises";
import {
  createServiceClient,
  type ServiceClient,
} from "../../core/api-client/create-service-client.ts";
import type { CommonOptions } from "./cli-flags.ts";

/** The outside world of a CLI command, passed in so tests run commands against an in-process service. */
export type CliDeps = {
  env: Record<string, string | undefined>;
  /** What a script reads: tables, JSON. A line (or block) at a time; the newline is added. */
  out: (text: string) => void;
  /** Notices and progress lines, on stderr so `--json` output stays clean. */
  err: (text: string) => void;
  /** A terminal to draw the live progress bar on; null prints plain lines instead. */
  terminal: NodeJS.WriteStream | null;
  /** The network to the service (a test passes the app's `request`). */
  serviceFetch?: (request: Request) => Promise<Response>;
  sleep: (ms: number) => Promise<void>;
  /** Wall time in milliseconds. */
  now: () => number;
  /** Calls `handler` on each Ctrl-C until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
  writeFile: (path: string, text: string) => Promise<void>;
  /** Ends the process at once (a second Ctrl-C). */
  exit: (code: number) => void;
};

/** A command: its arguments (after the command word) in, its exit code out. */
export type Command = (argv: string[], deps: CliDeps) => Promise<number>;

/** The generated service client for the command's `--service` and `--token`. */
export function serviceClient(options: CommonOptions, deps: CliDeps): ServiceClient {
  return createServiceClient({
    baseUrl: options.service,
    token: options.token,
    ...(deps.serviceFetch ? { fetch: deps.serviceFetch } : {}),
  });
}

/** The real world: stdout, stderr, the process's signals and files. */
export function processDeps(): CliDeps {
  return {
    env: process.env,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    terminal: process.stderr.isTTY ? process.stderr : null,
    sleep: (ms) => Bun.sleep(ms),
    now: () => Date.now(),
    onInterrupt(handler) {
      process.on("SIGINT", handler);
      return () => process.off("SIGINT", handler);
    },
    writeFile: (path, text) => writeFile(path, text),
    exit: (code) => process.exit(code),
  };
}
