import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, PROJECT_DIR, type RealProcess, waitFor } from "./real-process.ts";
import { startLocalService, startMockAi } from "./stack.ts";

/** The `bench` CLI as a real process; its output is collected as it comes. */
function startCli(args: string[]) {
  const proc = Bun.spawn([process.execPath, "handlers/cli/main.ts", ...args], {
    cwd: PROJECT_DIR,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let stdout = "";
  let stderr = "";
  const pump = async (stream: ReadableStream<Uint8Array>, add: (text: string) => void) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) add(decoder.decode(chunk, { stream: true }));
  };
  const done = Promise.all([
    pump(proc.stdout, (t) => {
      stdout += t;
    }),
    pump(proc.stderr, (t) => {
      stderr += t;
    }),
  ]);
  return {
    proc,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Waits for the process to exit (killing it after `timeoutMs`) and for its last output. */
    async exited(timeoutMs = 60_000): Promise<number> {
      const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
      const code = await proc.exited;
      clearTimeout(timer);
      await done;
      return code;
    },
  };
}

/**
 * `bun run bench` end to end: the CLI process against the Client Service (local Slurm adapter),
 * whose job starts a real agent that loads the mock AI server.
 */
describe("the bench CLI against a real service", () => {
  let dir: string;
  let mock: RealProcess;
  let service: RealProcess;
  let serviceUrl: string;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aifc-bench-cli-"));
    ({ mock } = await startMockAi());
    ({ service, api } = await startLocalService(mock.ready[1] as string, dir));
    serviceUrl = api.replace(/\/api\/v1$/, "");
  });

  afterAll(async () => {
    await service?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a run completes, prints the summary and writes files that match the service's results", async () => {
    const [out, csv, html] = ["x.json", "x.csv", "x.html"].map((name) => join(dir, name));
    const cli = startCli([
      ...["--service", serviceUrl, "--id", "1", "--clients", "2", "--requests", "4"],
      ...["--out", out as string, "--csv", csv as string, "--html", html as string],
    ]);
    const code = await cli.exited();
    expect(code, `${cli.stdout()}\n${cli.stderr()}\n${service.output()}`).toBe(0);
    expect(cli.stdout()).toContain("============ Serving Benchmark Result ============");
    expect(cli.stdout()).toContain("Successful requests:                     4");
    expect(cli.stdout()).toContain("Maximum request concurrency:             2");

    const served = (await http("GET", `${api}/client-group/1/results`)).body;
    const saved = JSON.parse(readFileSync(out as string, "utf8"));
    expect(saved.results).toEqual(served);
    expect(saved.group.state).toBe("completed");
    const lines = readFileSync(csv as string, "utf8")
      .trim()
      .split("\n");
    expect(lines[0]).toStartWith("task_index,intended_at,sent_at,");
    expect(lines).toHaveLength(1 + served.requests.completed + served.requests.failed);
    expect(readFileSync(html as string, "utf8")).toContain("<html");
  }, 90_000);

  test("Ctrl-C mid-run cancels the group and still writes what was measured", async () => {
    const out = join(dir, "interrupted.json");
    const cli = startCli([
      ...["--service", serviceUrl, "--id", "2", "--clients", "2", "--duration", "120"],
      ...["--out", out],
    ]);
    // Wait until the live view shows the agents' p50 TTFT: the run is well under way.
    await waitFor(
      "the progress line with a live p50 TTFT",
      async () => (/p50 TTFT \d+\.\d ms/.test(cli.stderr()) ? true : undefined),
      60_000,
    );
    cli.proc.kill("SIGINT");
    const code = await cli.exited();
    expect(code, `${cli.stdout()}\n${cli.stderr()}`).toBe(130);
    expect(cli.stderr()).toContain("group 2 cancelled");
    expect((await http("GET", `${api}/client-group/2`)).status).toBe(404);
    expect(existsSync(out)).toBe(true);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.interrupted).toBe(true);
    // The local agents are reachable, so they stopped and reported their partial results.
    expect(saved.results.partial).toBe(true);
    expect(saved.results.requests.completed).toBeGreaterThan(0);
  }, 120_000);
});
