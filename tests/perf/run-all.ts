/**
 * Runs the benchmarks of the measurement engine, the mock and the Client Service and prints
 * their results as Markdown for BENCHMARKS.md. Benchmarks report numbers; they are not tests and assert nothing. Every
 * process they start listens on 127.0.0.1 and stops by itself or is stopped at the end.
 *
 *   bun run bench:perf                          # all, full length (about 13½ minutes)
 *   bun run bench:perf --only throughput        # one (or several: --only accuracy,memory)
 *   bun run bench:perf --quick                  # fewer and shorter runs: a smoke check
 *   bun run bench:perf --out results.md         # also write the Markdown to a file
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { accuracyBenchmark } from "./accuracy.ts";
import type { BenchOptions, BenchResult } from "./kit/benchmark.ts";
import { memoryBenchmark } from "./memory.ts";
import { mockAiBenchmark } from "./mock-ai-tokens.ts";
import { openLoopBenchmark } from "./open-loop.ts";
import { serviceLoadBenchmark } from "./service-load.ts";
import { throughputBenchmark } from "./throughput.ts";

const BENCHMARKS: Record<
  string,
  { title: string; run: (o: BenchOptions) => Promise<BenchResult> }
> = {
  throughput: { title: "Throughput (agent vs wrk)", run: throughputBenchmark },
  accuracy: { title: "Accuracy of TTFT and ITL", run: accuracyBenchmark },
  "open-loop": { title: "Open-loop fidelity", run: openLoopBenchmark },
  memory: { title: "Memory per stream", run: memoryBenchmark },
  "mock-ai": { title: "Mock AI streamed tokens/s", run: mockAiBenchmark },
  "service-load": { title: "Client Service under load", run: serviceLoadBenchmark },
};
const USAGE = `usage: bun tests/perf/run-all.ts [--quick] [--only ${Object.keys(BENCHMARKS).join(",")}] [--out <file.md>]`;

function parseArgs(argv: string[]) {
  const only: string[] = [];
  let quick = false;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=")
      ? (arg.split("=", 2) as [string, string])
      : [arg, undefined];
    if (flag === "--quick") quick = true;
    else if (flag === "--only" || flag === "--out") {
      const value = inline ?? argv[++i];
      if (!value) return { error: `${flag} needs a value\n${USAGE}` };
      if (flag === "--out") out = value;
      else only.push(...value.split(",").filter(Boolean));
    } else if (flag === "--help" || flag === "-h") return { error: USAGE, help: true };
    else return { error: `Unknown argument ${arg}\n${USAGE}` };
  }
  const unknown = only.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) return { error: `No benchmark named ${unknown.join(", ")}\n${USAGE}` };
  return { quick, out, names: only.length > 0 ? only : Object.keys(BENCHMARKS) };
}

function machine(): string {
  let os = "unknown OS";
  try {
    os = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?(.*?)"?$/m)?.[1] ?? os;
  } catch {
    // Not Linux: the CPU line still says enough.
  }
  const cpu = cpus();
  return `${cpu.length} vCPU (${cpu[0]?.model ?? "unknown CPU"}), ${os}, Bun ${Bun.version}`;
}

const parsed = parseArgs(Bun.argv.slice(2));
if ("error" in parsed) {
  (parsed.help ? console.log : console.error)(parsed.error);
  process.exit(parsed.help ? 0 : 2);
}
const command = `bun run bench:perf${parsed.quick ? " --quick" : ""}${parsed.names.length < Object.keys(BENCHMARKS).length ? ` --only ${parsed.names.join(",")}` : ""}`;
const header = `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}: \`${command}\``;
const sections = [header];
const started = performance.now();
for (const name of parsed.names) {
  const benchmark = BENCHMARKS[name] as (typeof BENCHMARKS)[string];
  process.stderr.write(`${name}: running\n`);
  const at = performance.now();
  const result = await benchmark.run({ quick: parsed.quick });
  const seconds = (performance.now() - at) / 1000;
  process.stderr.write(`${name}: done in ${seconds.toFixed(0)} s\n`);
  sections.push(`### ${benchmark.title}\n\n${result.markdown}`);
}
sections.push(`(${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
const markdown = `${sections.join("\n\n")}\n`;
console.log(markdown);
if (parsed.out) writeFileSync(parsed.out, markdown);
