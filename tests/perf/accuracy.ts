/**
 * Accuracy: the agent's TTFT and ITL against the mock's configured 50 ms / 10 ms at 1, 100 and
 * 1000 concurrent streams (closed loop), beside a minimal raw-fetch reference client run the
 * same way in its own process, then more levels (agent only) to show where it degrades. The
 * loop-lag probe runs in the agent, the reference client and the mock, and each one's CPU use
 * is read from /proc, so the error can be put where it arises. A benchmark: it prints numbers.
 */
import { runAgent } from "./kit/agent-run.ts";
import { type BenchOptions, type BenchResult, note, PROMPT, table } from "./kit/benchmark.ts";
import { cpuMeter } from "./kit/cpu.ts";
import { type MockProcess, startMock } from "./kit/mock-process.ts";
import { runReferenceClient } from "./kit/reference-run.ts";
import {
  digestSummary,
  fmt,
  loopLagIn,
  median,
  medianSummary,
  type Summary,
  summary,
} from "./kit/stats.ts";

const TTFT_MS = 50;
const MAX_TOKENS = 32;
const WARMUP_S = 2;
const RAMP_UP_S = 1;

/** The goal's levels with the reference client beside them; then where it degrades. */
const LEVELS = [
  { streams: 1, itlMs: 10, reference: true },
  { streams: 100, itlMs: 10, reference: true },
  { streams: 1000, itlMs: 10, reference: true },
  { streams: 300, itlMs: 10, reference: false },
  { streams: 500, itlMs: 10, reference: false },
  { streams: 1000, itlMs: 50, reference: false },
];

/** What one client measured in one run. */
type Run = {
  ttft: Summary;
  itl: Summary;
  lag: Summary;
  mockLag: Summary;
  cpu: number;
  mockCpu: number;
};

async function agentRun(mock: MockProcess, streams: number, durationS: number): Promise<Run> {
  const mockFrom = mock.output().length;
  let agentCpu: () => Promise<number> = async () => Number.NaN;
  let mockCpu: () => Promise<number> = async () => Number.NaN;
  const cpu = { agent: Number.NaN, mock: Number.NaN };
  const { report, runOutput, runStartedAt } = await runAgent({
    clients: streams,
    aiUrl: mock.url,
    probe: true,
    spec: {
      workload: { prompts: [PROMPT], max_tokens: MAX_TOKENS, stream: true },
      load: { duration_s: durationS, warmup_s: WARMUP_S, ramp_up_s: RAMP_UP_S },
    },
    beforeRun: async (pid) => {
      agentCpu = await cpuMeter(pid);
      mockCpu = await cpuMeter(mock.pid);
    },
    afterRun: async () => {
      cpu.agent = await agentCpu();
      cpu.mock = await mockCpu();
    },
    timeoutMs: durationS * 1000 + 60_000,
  });
  if (report.requests.failed > 0)
    throw new Error(`${report.requests.failed} agent requests failed`);
  // Loop lag counts from the end of the warm-up, as the latencies do.
  const from = runStartedAt + WARMUP_S * 1000;
  return {
    ttft: digestSummary(report.latency.ttft),
    itl: digestSummary(report.latency.itl),
    lag: summary(loopLagIn(runOutput, from)),
    mockLag: summary(loopLagIn(mock.output().slice(mockFrom), from)),
    cpu: cpu.agent,
    mockCpu: cpu.mock,
  };
}

async function referenceRun(mock: MockProcess, streams: number, durationS: number): Promise<Run> {
  const mockFrom = mock.output().length;
  const mockCpu = await cpuMeter(mock.pid);
  const from = Date.now() + WARMUP_S * 1000;
  const { result, output } = await runReferenceClient({
    url: mock.url,
    streams,
    durationS,
    maxTokens: MAX_TOKENS,
    warmupS: WARMUP_S,
    rampUpS: RAMP_UP_S,
  });
  if (result.failed > 0) throw new Error(`${result.failed} reference requests failed`);
  return {
    ttft: result.ttft,
    itl: result.itl,
    lag: summary(loopLagIn(output, from)),
    mockLag: summary(loopLagIn(mock.output().slice(mockFrom), from)),
    cpu: result.cpuShare,
    mockCpu: await mockCpu(),
  };
}

/** How late Bun's setTimeout fires for fractional delays on an idle loop (negative: early). */
async function timerLateness(): Promise<Summary> {
  const lateness: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const ms = 2 + (i % 100) / 100;
    const at = performance.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    lateness.push(performance.now() - at - ms);
  }
  return summary(lateness);
}

function row(streams: number, itlMs: number, client: string, runs: Run[]): string[] {
  const ttft = medianSummary(runs.map((r) => r.ttft));
  const itl = medianSummary(runs.map((r) => r.itl));
  const lag = medianSummary(runs.map((r) => r.lag));
  const mockLag = medianSummary(runs.map((r) => r.mockLag));
  const err = (value: number, configured: number) => fmt(value - configured, 2);
  return [
    `${streams} × ${itlMs} ms`,
    client,
    err(ttft.p50, TTFT_MS),
    err(ttft.p99, TTFT_MS),
    err(itl.p50, itlMs),
    err(itl.p99, itlMs),
    err(itl.p1, itlMs),
    `${fmt(lag.p50)} / ${fmt(lag.p99)} / ${fmt(lag.max, 1)}`,
    `${fmt(mockLag.p50)} / ${fmt(mockLag.p99)} / ${fmt(mockLag.max, 1)}`,
    `${fmt(100 * median(runs.map((r) => r.cpu)), 0)} % / ${fmt(100 * median(runs.map((r) => r.mockCpu)), 0)} %`,
  ];
}

export async function accuracyBenchmark(options: BenchOptions): Promise<BenchResult> {
  const reps = options.quick ? 1 : 3;
  const durationS = options.quick ? 4 : 10;
  const levels = options.quick ? LEVELS.filter((level) => level.reference) : LEVELS;
  const timer = await timerLateness();
  const rows: string[][] = [];
  for (const itlMs of [...new Set(levels.map((level) => level.itlMs))]) {
    const mock = await startMock(["--ttft-ms", String(TTFT_MS), "--itl-ms", String(itlMs)], {
      probe: true,
    });
    try {
      for (const level of levels.filter((l) => l.itlMs === itlMs)) {
        const agent: Run[] = [];
        const reference: Run[] = [];
        for (let rep = 0; rep < reps; rep += 1) {
          agent.push(await agentRun(mock, level.streams, durationS));
          if (level.reference) reference.push(await referenceRun(mock, level.streams, durationS));
          const a = agent.at(-1) as Run;
          note(
            `accuracy ${level.streams} streams × ${itlMs} ms run ${rep + 1}/${reps}: agent TTFT p50 ${fmt(a.ttft.p50)} p99 ${fmt(a.ttft.p99)}, ITL p50 ${fmt(a.itl.p50)} p99 ${fmt(a.itl.p99)}`,
          );
        }
        rows.push(row(level.streams, itlMs, "agent", agent));
        if (level.reference) rows.push(row(level.streams, itlMs, "reference fetch", reference));
      }
    } finally {
      await mock.stop();
    }
  }
  const markdown = [
    `Mock: \`--ttft-ms ${TTFT_MS} --itl-ms <ITL>\`, \`max_tokens\` ${MAX_TOKENS}; closed loop for ${durationS} s (first ${WARMUP_S} s warm-up, clients started over ${RAMP_UP_S} s); medians of ${reps} runs per row; no request failed. Errors are measured minus configured, in ms (ITL p1 shows tokens read together: −ITL is a gap of 0). Loop lag is the lateness of a 1 ms interval timer in each process after the warm-up (p50 / p99 / max, ms). CPU is CPU seconds per second (100 % = one of the two cores).`,
    "",
    table(
      [
        "streams × ITL",
        "client",
        "TTFT p50 err",
        "TTFT p99 err",
        "ITL p50 err",
        "ITL p99 err",
        "ITL p1 err",
        "client loop lag",
        "mock loop lag",
        "CPU client / mock",
      ],
      rows,
    ),
    "",
    `Bun's \`setTimeout\` with fractional delays of 2–3 ms on the idle benchmark process, this run: lateness p1 ${fmt(timer.p1)} / p50 ${fmt(timer.p50)} / max ${fmt(timer.max)} ms (negative: early).`,
  ].join("\n");
  return { name: "accuracy", markdown };
}
