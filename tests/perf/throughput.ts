/**
 * Throughput: completed requests/s of one agent process (closed loop, every chunk timed)
 * against the mock with instant tokens (16-token SSE answers), beside wrk POSTing the same body
 * to the same endpoint with the same connection count, and the CPU each side spent per
 * request. A benchmark: it prints numbers.
 */
import { completedPerS, runAgent } from "./kit/agent-run.ts";
import {
  type BenchOptions,
  type BenchResult,
  note,
  PROMPT,
  streamedCompletionBody,
  table,
} from "./kit/benchmark.ts";
import { cpuMeter, readCpuSeconds } from "./kit/cpu.ts";
import { startMock } from "./kit/mock-process.ts";
import { fmt, median } from "./kit/stats.ts";
import { ensureWrk, runWrk } from "./kit/wrk.ts";

const TOKENS = 16;
const CONCURRENCY = [64, 256];

/** Requests/s and CPU microseconds per request of the client and of the mock, per run. */
type Runs = { rate: number[]; clientUs: number[]; mockUs: number[] };
const emptyRuns = (): Runs => ({ rate: [], clientUs: [], mockUs: [] });

export async function throughputBenchmark(options: BenchOptions): Promise<BenchResult> {
  const reps = options.quick ? 1 : 3;
  const durationS = options.quick ? 3 : 10;
  const wrk = ensureWrk();
  const mock = await startMock([
    "--ttft-ms",
    "0",
    "--itl-ms",
    "0",
    "--output-tokens",
    String(TOKENS),
  ]);
  const rows: string[][] = [];
  try {
    for (const clients of CONCURRENCY) {
      const agent = emptyRuns();
      const wrk1 = emptyRuns();
      const wrk2 = emptyRuns();
      let failed = 0;
      for (let rep = 0; rep < reps; rep += 1) {
        let agentCpuAt = 0;
        let mockCpu: () => Promise<number> = async () => Number.NaN;
        const { report } = await runAgent({
          clients,
          aiUrl: mock.url,
          spec: {
            workload: { prompts: [PROMPT], max_tokens: TOKENS, stream: true },
            load: { duration_s: durationS },
          },
          beforeRun: async (pid) => {
            agentCpuAt = (await readCpuSeconds(pid)) ?? 0;
            mockCpu = await cpuMeter(mock.pid);
          },
          afterRun: async (pid, report) => {
            const seconds = report.finished_at - report.started_at;
            const completed = report.requests.completed;
            const agentCpu = ((await readCpuSeconds(pid)) ?? Number.NaN) - agentCpuAt;
            agent.clientUs.push((agentCpu * 1e6) / completed);
            agent.mockUs.push(((await mockCpu()) * seconds * 1e6) / completed);
          },
          timeoutMs: durationS * 1000 + 60_000,
        });
        failed += report.requests.failed;
        agent.rate.push(completedPerS(report));
        if (wrk.ok) {
          for (const [threads, runs] of [
            [1, wrk1],
            [2, wrk2],
          ] as const) {
            const mockWrkCpu = await cpuMeter(mock.pid);
            const startedAt = performance.now();
            const result = await runWrk({
              wrk: wrk.path,
              url: `${mock.url}/v1/completions`,
              body: streamedCompletionBody(TOKENS),
              connections: clients,
              threads,
              durationS,
            });
            const seconds = (performance.now() - startedAt) / 1000;
            runs.rate.push(result.requestsPerS);
            runs.clientUs.push((result.cpuSeconds * 1e6) / result.requests);
            runs.mockUs.push(((await mockWrkCpu()) * seconds * 1e6) / result.requests);
          }
        }
        note(
          `throughput c=${clients} run ${rep + 1}/${reps}: agent ${fmt(agent.rate.at(-1) ?? 0, 0)} req/s, wrk -t1 ${fmt(wrk1.rate.at(-1) ?? Number.NaN, 0)}, -t2 ${fmt(wrk2.rate.at(-1) ?? Number.NaN, 0)}`,
        );
      }
      const m = (values: number[]) => (values.length > 0 ? median(values) : Number.NaN);
      const a = m(agent.rate);
      rows.push([
        String(clients),
        fmt(a, 0),
        fmt(m(wrk1.rate), 0),
        fmt(m(wrk2.rate), 0),
        `${fmt((100 * a) / m(wrk1.rate), 0)} %`,
        `${fmt((100 * a) / m(wrk2.rate), 0)} %`,
        `${fmt(m(agent.clientUs), 1)} / ${fmt(m(wrk1.clientUs), 1)} / ${fmt(m(wrk2.clientUs), 1)}`,
        `${fmt(m(agent.mockUs), 1)} / ${fmt(m(wrk1.mockUs), 1)} / ${fmt(m(wrk2.mockUs), 1)}`,
        String(failed),
      ]);
    }
  } finally {
    await mock.stop();
  }
  const markdown = [
    `Mock: \`--ttft-ms 0 --itl-ms 0 --output-tokens ${TOKENS}\` in its own process; closed loop for ${durationS} s (\`duration_s\`), agent vs \`wrk -t1\` and \`wrk -t2\` with as many connections; medians of ${reps} interleaved runs. Client and mock share the machine's ${navigator.hardwareConcurrency} cores, unpinned, for the agent and for wrk alike. CPU is user + system time per completed request, in µs (agent / wrk -t1 / wrk -t2).`,
    "",
    table(
      [
        "connections",
        "agent req/s",
        "wrk -t1 req/s",
        "wrk -t2 req/s",
        "agent / wrk -t1",
        "agent / wrk -t2",
        "client CPU µs/req",
        "mock CPU µs/req",
        "agent failures",
      ],
      rows,
    ),
    ...(wrk.ok ? [] : ["", `wrk was not available: ${wrk.reason}`]),
  ].join("\n");
  return { name: "throughput", markdown };
}
