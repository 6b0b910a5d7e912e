/**
 * Mock AI: streamed tokens per second of one mock process pinned to one core (`taskset -c 0`),
 * driven by wrk pinned to the other core, counted by the mock's own `/stats`: instant answers
 * (every token of an answer in one write) and paced ones (one timer and one write per token, the
 * mock's real work), with the mock's CPU use and event-loop lag. A benchmark: it prints numbers.
 */
import {
  type BenchOptions,
  type BenchResult,
  note,
  streamedCompletionBody,
  table,
} from "./kit/benchmark.ts";
import { readCpuSeconds } from "./kit/cpu.ts";
import { startMock } from "./kit/mock-process.ts";
import { fmt, loopLagIn, median, medianSummary, type Summary, summary } from "./kit/stats.ts";
import { ensureWrk, runWrk } from "./kit/wrk.ts";

type Shape = { label: string; flags: string[]; tokens: number; connections: number };

const paced = (streams: number): Shape => ({
  label: `paced: 100 tokens 10 ms apart, ${streams} streams (${streams / 10}k tokens/s asked)`,
  flags: ["--ttft-ms", "0", "--itl-ms", "10"],
  tokens: 100,
  connections: streams,
});

const SHAPES: Shape[] = [
  {
    label: "instant: 16 tokens in one write",
    flags: ["--ttft-ms", "0", "--itl-ms", "0"],
    tokens: 16,
    connections: 64,
  },
  paced(1000),
  paced(2000),
  paced(5000),
];

export async function mockAiBenchmark(options: BenchOptions): Promise<BenchResult> {
  const reps = options.quick ? 1 : 3;
  const durationS = options.quick ? 3 : 8;
  const wrk = ensureWrk();
  if (!wrk.ok) return { name: "mock-ai", markdown: `Not measured: ${wrk.reason}` };
  const pinned = Bun.which("taskset") !== null && navigator.hardwareConcurrency >= 2;
  const rows: string[][] = [];
  for (const shape of SHAPES) {
    const mock = await startMock([...shape.flags, "--output-tokens", String(shape.tokens)], {
      cpus: pinned ? "0" : undefined,
      openFiles: shape.connections + 1024,
      probe: true,
    });
    const rates: number[] = [];
    const requests: number[] = [];
    const cpu: number[] = [];
    const lag: Summary[] = [];
    try {
      for (let rep = 0; rep < reps; rep += 1) {
        const before = await mock.stats();
        const cpuBefore = (await readCpuSeconds(mock.pid)) ?? 0;
        const from = mock.output().length;
        const startedAtUnix = Date.now();
        const startedAt = performance.now();
        await runWrk({
          wrk: wrk.path,
          url: `${mock.url}/v1/completions`,
          body: streamedCompletionBody(shape.tokens),
          connections: shape.connections,
          threads: 1,
          durationS,
          cpus: pinned ? "1" : undefined,
        });
        const after = await mock.stats();
        const seconds = (performance.now() - startedAt) / 1000;
        cpu.push((((await readCpuSeconds(mock.pid)) ?? 0) - cpuBefore) / seconds);
        lag.push(summary(loopLagIn(mock.output().slice(from), startedAtUnix)));
        rates.push((after.tokens_generated - before.tokens_generated) / seconds);
        requests.push((after.completions_total - before.completions_total) / seconds);
        note(
          `mock-ai ${shape.label} run ${rep + 1}/${reps}: ${fmt(rates.at(-1) ?? 0, 0)} tokens/s`,
        );
      }
    } finally {
      await mock.stop();
    }
    const mockLag = medianSummary(lag);
    rows.push([
      shape.label,
      fmt(median(requests), 0),
      fmt(median(rates), 0),
      `${fmt(100 * median(cpu), 0)} %`,
      `${fmt(mockLag.p50)} / ${fmt(mockLag.p99)} / ${fmt(mockLag.max, 1)}`,
    ]);
  }
  const markdown = [
    `${pinned ? "Mock pinned with `taskset -c 0`, wrk (`-t1`) with `taskset -c 1`" : "Not pinned (no taskset or a single CPU)"}; tokens counted by the mock's \`/stats\` (\`tokens_generated\`) over each wrk run of ${durationS} s; medians of ${reps} runs.`,
    "",
    table(
      [
        "answers",
        "requests/s",
        "streamed tokens/s",
        "mock CPU",
        "mock loop lag p50 / p99 / max (ms)",
      ],
      rows,
    ),
  ].join("\n");
  return { name: "mock-ai", markdown };
}
