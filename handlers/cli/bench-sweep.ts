import { renderSweepReport } from "../../core/report/render-sweep-report.ts";
import type { SweepPoint } from "../../core/report/report-input.ts";
import { CreateGroupBody } from "../../core/schemas/group.ts";
import type { GroupResults } from "../../core/schemas/results.ts";
import { asciiPlot } from "./ascii-plot.ts";
import { RUN_FLAGS, runOptionsFromFlags } from "./bench-flags.ts";
import { interruptible } from "./bench-run.ts";
import { type Command, serviceClient } from "./cli-deps.ts";
import { FlagError, numberListFlag, readFlags, stringFlag } from "./cli-flags.ts";
import { runBenchmark } from "./run-benchmark.ts";
import { textTable } from "./text-table.ts";

export const SWEEP_USAGE = `Usage: bun run bench sweep (--rates R1,R2,... | --concurrency N1,N2,...) [run options]

Runs one benchmark per point (a new group each), then prints one table row per point and a
throughput-vs-p99-E2E plot. --rates sweeps the open-loop rate (poisson unless --pattern says
otherwise); --concurrency sweeps the closed loop's clients. Every other option is the same as
for a single run (\`bun run bench --help\`).

  --stop-on-slo          stop once a point's p99 TTFT, TPOT or E2E breaks --slo-*-ms
  --out FILE.json        every point's spec and results
  --html FILE            the sweep report (table and throughput-vs-p99 curves)`;

const SWEEP_FLAGS = {
  ...RUN_FLAGS,
  rates: { type: "string" },
  concurrency: { type: "string" },
  "stop-on-slo": { type: "boolean" },
} as const;

type Dimension = "rate" | "concurrency";

/** The spec of the point at `value`: the base spec with the rate or the clients replaced. */
export function pointSpec(base: CreateGroupBody, dimension: Dimension, value: number) {
  const raw =
    dimension === "rate"
      ? { ...base, load: { ...base.load, rate: value } }
      : { ...base, num_clients: value };
  const parsed = CreateGroupBody.safeParse(raw);
  if (!parsed.success) {
    const flag = dimension === "rate" ? "--rates" : "--concurrency";
    throw new FlagError(`${flag}: ${value} is not allowed: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

/** Which SLO the point broke at p99, as a sentence, or null when it kept them all. */
export function brokenSlo(spec: CreateGroupBody, results: GroupResults): string | null {
  const checks = [
    ["TTFT", spec.slo?.ttft_ms, results.latency_ms.ttft?.p99],
    ["TPOT", spec.slo?.tpot_ms, results.latency_ms.tpot?.p99],
    ["E2E", spec.slo?.e2e_ms, results.latency_ms.e2e?.p99],
  ] as const;
  for (const [name, limit, p99] of checks) {
    if (limit !== undefined && p99 !== undefined && p99 > limit) {
      return `SLO broken: p99 ${name} ${p99.toFixed(1)} ms > ${limit} ms`;
    }
  }
  return null;
}

const fixed = (value: number | undefined, decimals: number) =>
  value === undefined ? "—" : value.toFixed(decimals);

/** One row per point: what it asked for, achieved, its latencies, errors and note. */
export function sweepTable(dimension: Dimension, points: readonly SweepPoint[]): string {
  return textTable(
    [
      dimension === "rate" ? "RATE" : "CLIENTS",
      "ID",
      "REQ/S",
      "TOK/S",
      "P50_TTFT",
      "P99_TTFT",
      "P99_TPOT",
      "P99_E2E",
      "GOODPUT",
      "FAILED",
      "NOTE",
    ],
    points.map((p) => {
      const r = p.results;
      return [
        String(p.value),
        String(p.benchmark_id),
        fixed(r?.throughput.requests_per_s, 2),
        fixed(r?.throughput.output_tokens_per_s, 1),
        fixed(r?.latency_ms.ttft?.p50, 1),
        fixed(r?.latency_ms.ttft?.p99, 1),
        fixed(r?.latency_ms.tpot?.p99, 1),
        fixed(r?.latency_ms.e2e?.p99, 1),
        fixed(r?.throughput.goodput_per_s, 2),
        r ? String(r.requests.failed) : "—",
        p.note ?? "",
      ];
    }),
  );
}

/** The throughput-vs-p99-E2E plot, each point labelled 1, 2, 3... in sweep order. */
export function sweepPlot(points: readonly SweepPoint[]): string {
  const labels = "123456789abcdefghijklmnopqrstuvwxyz";
  const plotted = points.flatMap((p, i) => {
    const e2e = p.results?.latency_ms.e2e;
    if (!p.results || !e2e) return [];
    return [{ x: p.results.throughput.requests_per_s, y: e2e.p99, label: labels[i] ?? "*" }];
  });
  return asciiPlot(plotted, { x: "throughput (req/s)", y: "p99 E2E (ms)" });
}

/**
 * `bench sweep`: a run per rate or concurrency, one after the other, stopping early on Ctrl-C,
 * on a point without results, or (with --stop-on-slo) once a p99 breaks its SLO.
 */
export const benchSweep: Command = async (argv, deps) => {
  const flags = readFlags(argv, SWEEP_FLAGS);
  if (flags.values.help) {
    deps.out(SWEEP_USAGE);
    return 0;
  }
  const rates = stringFlag(flags.values, "rates");
  const concurrency = stringFlag(flags.values, "concurrency");
  if ((rates === undefined) === (concurrency === undefined)) {
    throw new FlagError("give either --rates R1,R2,... or --concurrency N1,N2,...");
  }
  const dimension: Dimension = rates !== undefined ? "rate" : "concurrency";
  const values = numberListFlag(
    dimension === "rate" ? "rates" : "concurrency",
    (rates ?? concurrency) as string,
  );
  if (dimension === "rate" && flags.values.rate !== undefined) {
    throw new FlagError("--rate: not with --rates (the sweep sets each point's rate)");
  }
  if (dimension === "concurrency" && flags.values.clients !== undefined) {
    throw new FlagError("--clients: not with --concurrency (the sweep sets each point's clients)");
  }
  if (flags.values.csv !== undefined) {
    throw new FlagError("--csv: a sweep writes no per-request CSV; use --out for every point");
  }
  // The base spec is checked as the first point would run; the sweep report needs no records.
  const first = String(values[0]);
  const baseValues = {
    ...flags.values,
    ...(dimension === "rate" ? { rate: first } : { clients: first }),
    html: undefined,
  };
  const html = stringFlag(flags.values, "html");
  const options = runOptionsFromFlags(
    { values: baseValues, positionals: flags.positionals },
    deps.env,
  );
  if (dimension === "concurrency" && options.body.load && options.body.load.pattern !== "closed") {
    throw new FlagError(
      "--concurrency: sweeps a closed loop; use --rates for an open-loop pattern",
    );
  }
  const specs = values.map((value) => pointSpec(options.body, dimension, value));
  const client = serviceClient(options, deps);
  const interruption = interruptible(deps);
  const points: SweepPoint[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const value = values[index] as number;
      deps.err(`sweep point ${index + 1}/${specs.length}: ${dimension} ${value}`);
      const outcome = await runBenchmark(
        client,
        spec,
        { id: undefined, pollMs: options.pollMs, serviceUrl: options.service },
        deps,
        interruption,
      );
      const broken =
        outcome.results && flags.values["stop-on-slo"] ? brokenSlo(spec, outcome.results) : null;
      points.push({
        benchmark_id: outcome.benchmark_id,
        value,
        results: outcome.results,
        note: broken ?? outcome.note,
      });
      if (outcome.interrupted || outcome.results === null || broken !== null) break;
    }
  } finally {
    interruption.release();
  }
  const now = deps.now() / 1000;
  const report = {
    title: `Sweep over ${dimension}`,
    generated_at: now,
    service_url: options.service,
    dimension,
    spec: options.body,
    points,
  };
  if (options.out) {
    await deps.writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
    deps.err(`wrote ${options.out}`);
  }
  if (html) {
    await deps.writeFile(html, renderSweepReport(report));
    deps.err(`wrote ${html}`);
  }
  if (options.json) deps.out(JSON.stringify(report, null, 2));
  else deps.out(`${sweepTable(dimension, points)}\n\n${sweepPlot(points)}`);
  if (interruption.requested()) return 130;
  return points.length === specs.length && points.every((p) => p.results !== null) ? 0 : 1;
};
