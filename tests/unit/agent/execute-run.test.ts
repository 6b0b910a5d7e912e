import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENT_FETCH_RESERVE, executeRun, type RunDeps } from "../../../core/agent/execute-run.ts";
import { manualClock } from "../../../core/clock.ts";
import { abortableSleep } from "../../../core/loadgen/abortable-sleep.ts";
import { arrivalSchedule } from "../../../core/loadgen/arrival-schedule.ts";
import { seededRandom } from "../../../core/loadgen/seeded-random.ts";
import { memoryLogger } from "../../../core/log.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import { RequestRecordLine } from "../../../core/schemas/results.ts";
import { startTinyAiServer, type TinyOptions } from "../loadgen/tiny-ai-server.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function world(ai: TinyOptions = {}, deps: Partial<RunDeps> = {}) {
  const server = startTinyAiServer(ai);
  cleanups.push(server.stop);
  const { logger, lines } = memoryLogger();
  const notices: unknown[] = [];
  const counters = { completed: 0, failed: 0 };
  const run = (load: Record<string, unknown>) =>
    executeRun(
      {
        fetch,
        monotonic: () => performance.now(),
        sleep: abortableSleep,
        log: logger,
        notifier: { notify: (notice) => notices.push(notice) },
        benchmarkId: 7,
        taskIndex: 1,
        numTasks: 2,
        clients: 2,
        ...deps,
      },
      { run_id: "run-1", base_url: server.baseUrl, spec: LoadSpec.parse({ load }) },
      new AbortController().signal,
      counters,
    );
  return { run, server, lines, notices, counters };
}

describe("executeRun", () => {
  test("a seeded open loop sends this agent's share at the schedule the seed gives", async () => {
    const { run, counters, notices } = world({ tokens: 2 }, { recordsDir: tmp() });
    const outcome = await run({
      pattern: "poisson",
      rate: 400,
      requests: 40,
      seed: 10,
      records: true,
    });
    // Task 1 of 2: 200 req/s, 20 requests, seed 10 + 1.
    expect(outcome.metrics.schedule).toMatchObject({
      target_rate_per_s: 200,
      sent: 20,
      not_sent: 0,
    });
    expect(counters).toEqual({ completed: 20, failed: 0 });
    expect(notices).toHaveLength(20);
    const schedule = arrivalSchedule(
      { pattern: "poisson", ratePerS: 200, burstiness: 1, rampUpMs: 0 },
      seededRandom(11),
    );
    const expected = Array.from({ length: 20 }, () => schedule.next().value);
    const lines = readFileSync(outcome.recordsFile as string, "utf8")
      .trim()
      .split("\n")
      .map((l) => RequestRecordLine.parse(JSON.parse(l)));
    const intended = lines
      .map((l) => l.intended_at - (lines[0]?.intended_at ?? 0))
      .sort((a, b) => a - b);
    // Unix milliseconds near 1.7e12 keep about a microsecond in a double.
    for (const [i, t] of intended.entries()) expect(t).toBeCloseTo(expected[i] as number, 3);
  });

  test("records carry unix times from the clock it is given", async () => {
    const clock = manualClock(1_800_000_000_000);
    const { run } = world({}, { recordsDir: tmp(), clock });
    const outcome = await run({ records: true });
    expect(outcome.recordsFile).toEndWith(join("7", "1.jsonl"));
    const line = JSON.parse(
      readFileSync(outcome.recordsFile as string, "utf8").split("\n")[0] as string,
    );
    expect(line.sent_at).toBeGreaterThanOrEqual(1_800_000_000_000);
    expect(line.sent_at).toBeLessThan(1_800_000_010_000);
  });

  test("an open loop stays under the fetch limit: the excess is not sent, and said so", async () => {
    const { run, server, lines } = world({ ttftMs: 300 }, { fetchLimit: AGENT_FETCH_RESERVE + 2 });
    const outcome = await run({ pattern: "constant", rate: 200, requests: 20 });
    // Task 1 of 2: 10 requests 10 ms apart, each open for 300 ms; two fetch slots.
    expect(server.state.maxInFlight).toBe(2);
    expect(outcome.metrics.schedule).toMatchObject({ sent: 2, not_sent: 8 });
    const warning = lines.find((l) => l.event === "open_loop_fetch_limit");
    expect(String(warning?.detail)).toContain("BUN_CONFIG_MAX_HTTP_REQUESTS=34");
  });

  test("a target that cannot be set up is a failed run, not a crash", async () => {
    const { server } = world();
    const { logger } = memoryLogger();
    const outcome = await executeRun(
      {
        fetch,
        monotonic: () => performance.now(),
        sleep: abortableSleep,
        log: logger,
        notifier: { notify: () => undefined },
        benchmarkId: 7,
        taskIndex: 0,
        numTasks: 1,
        clients: 1,
      },
      {
        run_id: "run-1",
        base_url: "http://127.0.0.1:9",
        spec: LoadSpec.parse({
          target: { kind: "aif-server" },
          load: { pattern: "constant", rate: 5 },
        }),
      },
      new AbortController().signal,
      { completed: 0, failed: 0 },
    );
    expect(outcome.failure).toContain("Could not reach the AI Factory server");
    expect(outcome.metrics.requests).toEqual({ completed: 0, failed: 0, warmup: 0 });
    expect(outcome.recordsFile).toBeNull();
    expect(server.state.requests).toBe(0);
  });
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "aifc-execute-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
