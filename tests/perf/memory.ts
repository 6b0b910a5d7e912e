/**
 * Memory: the agent's resident set size with 1k, 5k and 10k streams open at once against a
 * mock that keeps each stream open for about 20 s, sampled from /proc/<pid>/status while every
 * stream is open; bytes per stream over the idle agent's baseline. A benchmark: it prints numbers.
 */
import { runAgent } from "./kit/agent-run.ts";
import { type BenchOptions, type BenchResult, note, PROMPT, table } from "./kit/benchmark.ts";
import { startMock } from "./kit/mock-process.ts";
import { readRssBytes } from "./kit/rss.ts";
import { fmt, median } from "./kit/stats.ts";

const ITL_MS = 200;
const MiB = 1024 * 1024;
/** Connections a second while the clients start, so the mock's listen queue never overflows. */
const STARTS_PER_S = 2000;

type Sample = { agentRss: number; mockRss: number };

export async function memoryBenchmark(options: BenchOptions): Promise<BenchResult> {
  const levels = options.quick ? [1000] : [1000, 5000, 10_000];
  const tokens = options.quick ? 30 : 100;
  const most = Math.max(...levels);
  const mock = await startMock(
    ["--ttft-ms", "0", "--itl-ms", String(ITL_MS), "--output-tokens", String(tokens)],
    { openFiles: most + 1024 },
  );
  const rows: string[][] = [];
  try {
    for (const streams of levels) {
      let baseline = 0;
      const steady: Sample[] = [];
      let allOpenSeen = false;
      const { report } = await runAgent({
        clients: streams,
        aiUrl: mock.url,
        openFiles: streams + 1024,
        spec: {
          workload: { prompts: [PROMPT], max_tokens: tokens, stream: true },
          load: { requests: streams, ramp_up_s: streams / STARTS_PER_S, timeout_s: 120 },
        },
        beforeRun: async (pid) => {
          await Bun.sleep(500);
          baseline = (await readRssBytes(pid)) ?? 0;
        },
        during: async (pid) => {
          // Sample while every stream is open; stop once they start to end.
          for (;;) {
            await Bun.sleep(250);
            const [agentRss, mockRss, stats] = await Promise.all([
              readRssBytes(pid),
              readRssBytes(mock.pid),
              mock.stats(),
            ]);
            if (agentRss === null || mockRss === null) return;
            if (stats.in_flight >= streams) {
              allOpenSeen = true;
              steady.push({ agentRss, mockRss });
            } else if (allOpenSeen) return;
          }
        },
        timeoutMs: tokens * ITL_MS + (streams / STARTS_PER_S) * 1000 + 120_000,
      });
      // The first second of "all open" still settles; the rest is steady state.
      const settled = steady.slice(Math.min(4, Math.floor(steady.length / 2)));
      const rss = median(settled.map((s) => s.agentRss));
      const maxRss = Math.max(...settled.map((s) => s.agentRss));
      const mockRss = median(settled.map((s) => s.mockRss));
      rows.push([
        String(streams),
        `${report.requests.completed} / ${report.requests.failed}`,
        String(settled.length),
        fmt(baseline / MiB, 0),
        fmt(rss / MiB, 0),
        fmt(maxRss / MiB, 0),
        fmt((rss - baseline) / streams / 1024, 1),
        fmt(mockRss / MiB, 0),
      ]);
      note(
        `memory ${streams} streams: agent RSS ${fmt(rss / MiB, 0)} MiB (baseline ${fmt(baseline / MiB, 0)} MiB), ${report.requests.completed} completed, ${report.requests.failed} failed, ${settled.length} samples`,
      );
    }
  } finally {
    await mock.stop();
  }
  const markdown = [
    `Mock: \`--ttft-ms 0 --itl-ms ${ITL_MS} --output-tokens ${tokens}\` (each stream open about ${(tokens * ITL_MS) / 1000} s); one agent per level, each client sending one request, clients started at ${STARTS_PER_S}/s; \`BUN_CONFIG_MAX_HTTP_REQUESTS\` = streams + 64. RSS is VmRSS, sampled every 250 ms while the mock reported every stream open (median of the samples after the first second); baseline is the registered, idle agent.`,
    "",
    table(
      [
        "streams",
        "completed / failed",
        "samples",
        "baseline MiB",
        "agent RSS MiB (median)",
        "agent RSS MiB (max)",
        "KiB per stream over baseline",
        "mock RSS MiB",
      ],
      rows,
    ),
  ].join("\n");
  return { name: "memory", markdown };
}
