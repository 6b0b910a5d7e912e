/**
 * A minimal reference client for the accuracy benchmark, run in its own process: N workers in a
 * closed loop, each a raw `fetch` of a streamed completion whose reads are timed with no SSE
 * parsing beyond splitting events and no JSON. Whatever latency error it sees is the mock's and
 * Bun's fetch's, not the agent's. Workers start spread over `ramp_up_s`, as the agent's clients
 * do; requests started in the first `warmup_s` are not measured. Prints one line:
 * `reference-result {completed, failed, cpuShare, ttft, itl}` (cpuShare: CPU seconds per second).
 *
 *   bun tests/perf/reference-client.ts <base_url> <concurrency> <duration_s> <max_tokens> <warmup_s> <ramp_up_s>
 */
import { streamedCompletionBody } from "./kit/benchmark.ts";
import { summary } from "./kit/stats.ts";

const USAGE =
  "usage: bun tests/perf/reference-client.ts <base_url> <concurrency> <duration_s> <max_tokens> <warmup_s> <ramp_up_s>";
const [baseUrl, ...rest] = Bun.argv.slice(2);
const numbers = rest.map(Number);
if (!baseUrl || numbers.length !== 5 || !numbers.every((n) => Number.isFinite(n) && n >= 0)) {
  console.error(USAGE);
  process.exit(2);
}
const [concurrency, durationS, maxTokens, warmupS, rampUpS] = numbers as [
  number,
  number,
  number,
  number,
  number,
];

const url = `${baseUrl}/v1/completions`;
const body = streamedCompletionBody(maxTokens);
const headers = { "content-type": "application/json" };
const ttft: number[] = [];
const itl: number[] = [];
let completed = 0;
let failed = 0;
const startedAt = performance.now();
const cpuAtStart = process.cpuUsage();

async function once(): Promise<void> {
  const sentAt = performance.now();
  const measured = sentAt - startedAt >= warmupS * 1000;
  const response = await fetch(url, { method: "POST", headers, body });
  const reader = response.body?.getReader();
  if (!response.ok || !reader) throw new Error(`HTTP ${response.status}`);
  const decoder = new TextDecoder();
  let buffered = "";
  let last: number | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    const at = performance.now();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const events = buffered.split("\n\n");
    buffered = events.pop() ?? "";
    for (const event of events) {
      if (!event.includes('"text":')) continue;
      if (measured) {
        if (last === null) ttft.push(at - sentAt);
        else itl.push(at - last);
      }
      last = at;
    }
  }
  if (measured) completed += 1;
}

async function worker(index: number): Promise<void> {
  await Bun.sleep((index * rampUpS * 1000) / concurrency);
  while (performance.now() - startedAt < durationS * 1000) {
    try {
      await once();
    } catch {
      if (performance.now() - startedAt >= warmupS * 1000) failed += 1;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
const cpu = process.cpuUsage(cpuAtStart);
const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - startedAt);
console.log(
  `reference-result ${JSON.stringify({ completed, failed, cpuShare, ttft: summary(ttft), itl: summary(itl) })}`,
);
