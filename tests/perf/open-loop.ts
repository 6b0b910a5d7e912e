/**
 * Open-loop fidelity: one agent sending Poisson arrivals at 500 requests/s to the mock; how
 * close the achieved rate comes to the target (and to the seeded schedule's own count) and
 * how late the sends were (schedule lag). A benchmark: it prints numbers.
 */
import { arrivalSchedule } from "../../core/loadgen/arrival-schedule.ts";
import { seededRandom } from "../../core/loadgen/seeded-random.ts";
import { runAgent } from "./kit/agent-run.ts";
import { type BenchOptions, type BenchResult, note, PROMPT, table } from "./kit/benchmark.ts";
import { startMock } from "./kit/mock-process.ts";
import {
  digestSummary,
  fmt,
  loopLagIn,
  median,
  medianSummary,
  type Summary,
  summary,
} from "./kit/stats.ts";

const RATE = 500;
const MAX_TOKENS = 16;

/** How many arrivals the seeded schedule puts before `durationMs`: what a perfect sender sends. */
function scheduledCount(seed: number, durationMs: number): number {
  const times = arrivalSchedule(
    { pattern: "poisson", ratePerS: RATE, burstiness: 1, rampUpMs: 0 },
    seededRandom(seed),
  );
  let count = 0;
  while (times.next().value < durationMs) count += 1;
  return count;
}

export async function openLoopBenchmark(options: BenchOptions): Promise<BenchResult> {
  const reps = options.quick ? 1 : 3;
  const durationS = options.quick ? 5 : 30;
  const mock = await startMock(["--ttft-ms", "50", "--itl-ms", "10"]);
  const runs: Array<{
    seed: number;
    sent: number;
    notSent: number;
    late: number;
    scheduled: number;
    windowS: number;
    lag: Summary;
    loopLag: Summary;
    failed: number;
  }> = [];
  try {
    for (let rep = 0; rep < reps; rep += 1) {
      const seed = 1000 + rep;
      const { report, runOutput, runStartedAt } = await runAgent({
        clients: 1,
        aiUrl: mock.url,
        probe: true,
        fetchLimit: 4096,
        spec: {
          workload: { prompts: [PROMPT], max_tokens: MAX_TOKENS, stream: true },
          load: { pattern: "poisson", rate: RATE, duration_s: durationS, seed },
        },
        timeoutMs: durationS * 1000 + 60_000,
      });
      const schedule = report.schedule;
      if (schedule === null) throw new Error("an open-loop report came without its schedule");
      const run = {
        seed,
        sent: schedule.sent,
        notSent: schedule.not_sent,
        late: schedule.late,
        scheduled: scheduledCount(seed, durationS * 1000),
        windowS: schedule.window_s,
        lag: digestSummary(report.latency.schedule_lag),
        loopLag: summary(loopLagIn(runOutput, runStartedAt)),
        failed: report.requests.failed,
      };
      runs.push(run);
      note(
        `open loop run ${rep + 1}/${reps}: sent ${run.sent} of ${run.scheduled} scheduled, ${fmt(run.sent / run.windowS, 1)} req/s, lag p99 ${fmt(run.lag.p99, 3)} ms`,
      );
    }
  } finally {
    await mock.stop();
  }
  const rows = runs.map((r) => [
    String(r.seed),
    `${r.sent} / ${r.scheduled}`,
    fmt(r.sent / r.windowS, 1),
    `${fmt((100 * (r.sent / r.windowS - RATE)) / RATE, 2)} %`,
    `${fmt((100 * (r.sent - r.scheduled)) / r.scheduled, 2)} %`,
    `${fmt(r.lag.p50, 3)} / ${fmt(r.lag.p99, 3)} / ${fmt(r.lag.max, 1)}`,
    String(r.late),
    String(r.notSent),
    String(r.failed),
    `${fmt(r.loopLag.p50)} / ${fmt(r.loopLag.p99)} / ${fmt(r.loopLag.max, 1)}`,
  ]);
  const lag = medianSummary(runs.map((r) => r.lag));
  const rate = median(runs.map((r) => r.sent / r.windowS));
  const markdown = [
    `Poisson at ${RATE} req/s for ${durationS} s (seeded), mock \`--ttft-ms 50 --itl-ms 10\`, \`max_tokens\` ${MAX_TOKENS} (about ${(RATE * (50 + 10 * (MAX_TOKENS - 1))) / 1000} requests in flight). Rate vs target compares with ${RATE}/s; vs schedule compares with the number of arrivals the seeded schedule itself holds in the window (a Poisson count of ${RATE * durationS} has a standard deviation of ${fmt(Math.sqrt(RATE * durationS), 0)}, ${fmt(100 / Math.sqrt(RATE * durationS), 2)} %). Schedule lag is actual minus intended send time (p50 / p99 / max, ms); late: sent more than 10 ms late.`,
    "",
    table(
      [
        "seed",
        "sent / scheduled",
        "achieved req/s",
        "vs target",
        "vs schedule",
        "schedule lag",
        "late",
        "not sent",
        "failed",
        "agent loop lag",
      ],
      rows,
    ),
    "",
    `Median over the runs: ${fmt(rate, 1)} req/s achieved, schedule lag p99 ${fmt(lag.p99, 3)} ms.`,
  ].join("\n");
  return { name: "open-loop", markdown };
}
