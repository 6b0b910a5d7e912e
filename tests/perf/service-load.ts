/**
 * Load on the Client Service: the real service (`handlers/service/main.ts`, fake Slurm adapter,
 * SQLite file in a temporary folder) in its own process on 127.0.0.1; a driver process
 * (`kit/service-load-driver.ts`) creates 200 groups of 5 nodes, fires the 1000 agents'
 * `POST /connect` at once with their groups' real tokens, checks that every group is `ready`
 * with exactly its agents, then polls `GET /client-group/{id}` and `GET /client-groups` from 200
 * concurrent pollers, and checks again. The service's RSS and CPU are sampled by phase. A
 * benchmark: it prints numbers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BenchOptions, type BenchResult, note, table } from "./kit/benchmark.ts";
import { type PhaseUse, sampleByPhase } from "./kit/phase-sampler.ts";
import { readRssBytes } from "./kit/rss.ts";
import type { DriverParams } from "./kit/service-load-driver.ts";
import { startServiceProcess } from "./kit/service-process.ts";
import { bunArgv, spawnReady } from "./kit/spawn-ready.ts";
import { fmt, median } from "./kit/stats.ts";

const DRIVER = resolve(import.meta.dir, "kit/service-load-driver.ts");
const MiB = 1024 * 1024;
const OPEN_FILES = 8192;

type Batch = {
  n: number;
  wall_s: number;
  per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  statuses: Record<string, number>;
  errors: string[];
  wrong_answers?: number;
};
type Check = {
  groups_ok: number;
  list_ok: boolean;
  agents_listed: number;
  agents_expected: number;
  starting_transitions_max: number;
  problems: string[];
  problem_count: number;
};
type DriverResult = {
  create: Batch;
  connect: Batch;
  after_connect: Check;
  poll_group: Batch;
  poll_list: Batch;
  after_polls: Check;
};
type Run = { result: DriverResult; use: PhaseUse; idleRss: number; log: LogFindings };
type LogFindings = { busy: number; unhandled: number; warnings: number };

function logFindings(text: string): LogFindings {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  return {
    busy: count(/SQLITE_BUSY|database is locked/gi),
    unhandled: count(/"unhandled_error"/g),
    warnings: count(/"level":"warn"/g),
  };
}

async function oneRun(params: Omit<DriverParams, "api" | "secret">): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "aifc-service-load-"));
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  const service = await startServiceProcess(dir, secret, { openFiles: OPEN_FILES });
  try {
    await Bun.sleep(500);
    const idleRss = (await readRssBytes(service.pid)) ?? 0;
    const driver = await spawnReady(
      bunArgv({
        script: DRIVER,
        args: [JSON.stringify({ ...params, api: service.api, secret })],
        openFiles: OPEN_FILES,
      }),
      null,
      { env: { BUN_CONFIG_MAX_HTTP_REQUESTS: String(params.connectConcurrency + 64) } },
    );
    const phaseOf = () =>
      [...driver.output().matchAll(/^service-load-phase (\S+)$/gm)].at(-1)?.[1] ?? "start";
    const stopSampling = sampleByPhase(service.pid, phaseOf);
    const limitMs = 60_000 + params.pollSeconds * 2000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const code = await Promise.race([
      driver.proc.exited,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), limitMs);
      }),
    ]);
    clearTimeout(timer);
    const use = await stopSampling();
    if (code !== 0) {
      await driver.stop();
      throw new Error(
        `the load driver ${code === null ? `did not finish in ${limitMs} ms` : `exited with ${code}`}:\n${driver.output().slice(-2000)}`,
      );
    }
    const line = driver.output().match(/^service-load-result (.*)$/m)?.[1];
    if (!line) throw new Error(`the load driver printed no result:\n${driver.output()}`);
    return {
      result: JSON.parse(line) as DriverResult,
      use,
      idleRss,
      log: logFindings(service.output()),
    };
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The answers' statuses, e.g. "all 201" or "990× 201, 10× no answer". */
function statuses(b: Batch): string {
  const entries = Object.entries(b.statuses);
  const [only] = entries;
  if (entries.length === 1 && only && only[0] !== "0") return `all ${only[0]}`;
  const counts = entries.map(([status, n]) => `${n}× ${status === "0" ? "no answer" : status}`);
  return `${counts.join(", ")}${b.errors.length > 0 ? ` (${b.errors.join("; ")})` : ""}`;
}
/** What a check found missing, e.g. "0 / 1000 agents, 0 / 200 groups". */
const lost = (c: Check, groups: number) =>
  `${c.agents_expected - c.agents_listed} / ${c.agents_expected} agents, ${groups - c.groups_ok} / ${groups} groups${c.list_ok ? "" : ", list wrong"}`;
const mib = (bytes: number | undefined) => fmt((bytes ?? Number.NaN) / MiB, 0);

export async function serviceLoadBenchmark(options: BenchOptions): Promise<BenchResult> {
  const reps = options.quick ? 1 : 3;
  const params = {
    groups: 200,
    nodes: 5,
    createConcurrency: 16,
    connectConcurrency: 1000,
    pollers: 200,
    pollSeconds: options.quick ? 2 : 8,
    pollMaxRequests: 200_000,
  };
  const runs: Run[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const run = await oneRun(params);
    runs.push(run);
    const { connect, after_polls } = run.result;
    note(
      `service-load run ${rep + 1}: ${connect.n} connects in ${fmt(connect.wall_s, 2)} s (p99 ${fmt(connect.p99_ms, 0)} ms; ${statuses(connect)}), lost ${lost(after_polls, params.groups)}`,
    );
  }
  const connectRows = runs.map((run, i) => {
    const { connect: c, after_connect: check } = run.result;
    return [
      String(i + 1),
      String(c.n),
      fmt(c.wall_s, 2),
      fmt(c.per_s, 0),
      fmt(c.p50_ms, 1),
      fmt(c.p99_ms, 1),
      fmt(c.max_ms, 1),
      statuses(c),
      lost(check, params.groups),
      String(check.starting_transitions_max),
      mib(run.use.connect?.rssPeak),
      `${fmt(((run.use.connect?.cpuS ?? 0) / c.n) * 1e6, 0)}`,
    ];
  });
  const med = (pick: (run: Run) => number, digits = 1) => fmt(median(runs.map(pick)), digits);
  if (runs.length > 1) {
    const connect = (pick: (c: Batch) => number, digits = 1) =>
      med((r) => pick(r.result.connect), digits);
    connectRows.push([
      "median",
      connect((c) => c.n, 0),
      connect((c) => c.wall_s, 2),
      connect((c) => c.per_s, 0),
      connect((c) => c.p50_ms),
      connect((c) => c.p99_ms),
      connect((c) => c.max_ms),
      "",
      "",
      "",
      med((r) => (r.use.connect?.rssPeak ?? Number.NaN) / MiB, 0),
      med((r) => ((r.use.connect?.cpuS ?? 0) / r.result.connect.n) * 1e6, 0),
    ]);
  }
  const pollRow = (label: string, key: "poll_group" | "poll_list", phase: string) => [
    label,
    med((r) => r.result[key].n, 0),
    med((r) => r.result[key].per_s, 0),
    med((r) => r.result[key].p50_ms),
    med((r) => r.result[key].p99_ms),
    med((r) => r.result[key].max_ms),
    [...new Set(runs.map((r) => statuses(r.result[key])))].join(" / "),
    String(runs.reduce((sum, r) => sum + (r.result[key].wrong_answers ?? 0), 0)),
    med((r) => (r.use[phase]?.rssPeak ?? Number.NaN) / MiB, 0),
    med((r) => ((r.use[phase]?.cpuS ?? 0) / r.result[key].n) * 1e6, 0),
  ];
  const problems = runs.flatMap((r) => [
    ...r.result.after_connect.problems,
    ...r.result.after_polls.problems,
  ]);
  const logTotal = (pick: (l: LogFindings) => number) =>
    runs.reduce((sum, r) => sum + pick(r.log), 0);
  const markdown = [
    `Service: \`bun handlers/service/main.ts --slurm fake --db <tmp>/service.db\` on 127.0.0.1 in its own process (fake Slurm: jobs stay PENDING, so the load driver plays the agents), its group-token secret passed in \`AIFC_SECRET\` so the driver signs the same tokens a job gets in \`AIFC_GROUP_TOKEN\`. Driver: \`tests/perf/kit/service-load-driver.ts\` in its own process with \`BUN_CONFIG_MAX_HTTP_REQUESTS\` = ${params.connectConcurrency + 64}. Each run: a fresh service and database; ${params.groups} groups × ${params.nodes} nodes created ${params.createConcurrency} at a time; then ${params.groups * params.nodes} \`POST /connect\` fired at once (${params.connectConcurrency} in flight), one per agent with its group's token; then every group read back. Latency is from \`fetch\` to the last byte of the answer, in ms; ${reps} run(s), one row each. "Lost" (agents, groups not \`ready\` with exactly their agents) compares every group's \`GET /client-group/{id}\` (state \`ready\`, exactly its agents at the addresses they sent) and \`GET /client-groups\` with what was sent. "starting ×" is the most \`starting\` transitions one group recorded. RSS is the service's peak VmRSS in the phase (idle after start: ${runs.map((r) => mib(r.idleRss)).join(" / ")} MiB); CPU is the service's user + system time per request, in µs.`,
    "",
    table(
      [
        "run",
        "connects",
        "wall s",
        "connects/s",
        "p50",
        "p99",
        "max",
        "answers",
        "lost",
        "starting ×",
        "RSS MiB",
        "CPU µs/req",
      ],
      connectRows,
    ),
    "",
    `Then ${params.pollers} concurrent pollers, each asking again as soon as its answer is in, for ${params.pollSeconds} s (at most ${params.pollMaxRequests} requests) per endpoint: \`GET /client-group/{id}\` (poller i reads group i) and then \`GET /client-groups\` (all ${params.groups} groups with their agent counts); medians of the runs. "Wrong" counts 200 answers that did not show every group ready with its ${params.nodes} agents (sum over the runs).`,
    "",
    table(
      [
        "endpoint",
        "requests",
        "req/s",
        "p50",
        "p99",
        "max",
        "answers",
        "wrong",
        "RSS MiB",
        "CPU µs/req",
      ],
      [
        pollRow("GET /client-group/{id}", "poll_group", "poll-group"),
        pollRow("GET /client-groups", "poll_list", "poll-list"),
      ],
    ),
    "",
    `Lost after the polls: ${runs.map((r) => lost(r.result.after_polls, params.groups)).join("; ")}. Group creation (${params.createConcurrency} at a time): p50 ${med((r) => r.result.create.p50_ms)} ms, p99 ${med((r) => r.result.create.p99_ms)} ms, ${med((r) => r.result.create.per_s, 0)} groups/s. Service logs of all runs: ${logTotal((l) => l.busy)} SQLite busy errors, ${logTotal((l) => l.unhandled)} unhandled errors, ${logTotal((l) => l.warnings)} warnings.${problems.length > 0 ? ` Problems seen: ${problems.slice(0, 5).join("; ")}.` : ""}`,
  ].join("\n");
  return { name: "service-load", markdown };
}
