import { renderRunReport } from "../../core/report/render-run-report.ts";
import type { CreateGroupBody } from "../../core/schemas/group.ts";
import { RUN_FLAGS, runOptionsFromFlags } from "./bench-flags.ts";
import { type CliDeps, type Command, serviceClient } from "./cli-deps.ts";
import { readFlags } from "./cli-flags.ts";
import { recordsToCsv } from "./records-csv.ts";
import { type BenchmarkOutcome, type Interruption, runBenchmark } from "./run-benchmark.ts";
import { contextOfSpec, formatSummary } from "./summary-table.ts";

export const RUN_USAGE = `Usage: bun run bench [options]   (also installed as aifc-bench)

Creates a client group on the Client Service, waits for its Slurm job and agents, runs the
benchmark with a live progress bar, and prints a summary laid out like vLLM's \`bench serve\`.

Service:
  --service URL          the Client Service (AIFC_SERVICE_URL, default http://127.0.0.1:8001)
  --token TOKEN          its bearer token (AIFC_API_TOKEN)
  --id N                 benchmark id to create (default: one more than the highest known)
Group:
  --clients N            virtual clients (1)          --nodes N    agents / Slurm tasks (1)
  --time-limit MIN       Slurm time limit in minutes (5)
Target:
  --target URL           AI server (default: the service's own server address)
  --kind openai|aif-server   --api completions|chat   --model NAME   --service-id ID
  --header "Name: value" extra request header (repeatable)
Workload:
  --prompt TEXT          a prompt (repeatable)        --prompts-file FILE  one per line or JSONL
  --max-tokens N (500)   --temperature T (0.7)        --stream / --no-stream (stream)
Load:
  --pattern closed|constant|poisson|gamma  (closed; --rate alone means poisson)
  --rate R               requests/s for the whole group (open loop)
  --burstiness B         gamma shape (1)              --seed N   repeatable arrival times
  --duration S           --requests N                 --warmup S   --ramp-up S
  --timeout S            per request (300)            --max-in-flight N (open loop cap)
SLO (goodput):
  --slo-ttft-ms MS       --slo-tpot-ms MS             --slo-e2e-ms MS
Output:
  --out FILE.json        spec, group and results      --csv FILE   one line per request
  --html FILE            the HTML report              --records    keep per-request records
  --json                 print the results as JSON instead of the table
  --poll-ms MS           how often the service is asked (1000)

Ctrl-C stops the agents, cancels the group and still writes what was measured (exit 130);
a second Ctrl-C quits at once. Other commands: sweep, groups, status, results, cancel
(\`bun run bench <command> --help\`).`;

/** The first Ctrl-C asks the run to wind down; the second quits without waiting. */
export function interruptible(deps: CliDeps): Interruption & { release: () => void } {
  let count = 0;
  const release = deps.onInterrupt(() => {
    count += 1;
    if (count === 1) {
      deps.err("interrupted: stopping the run and cancelling the group (Ctrl-C again to quit now)");
    } else {
      deps.exit(130);
    }
  });
  return { requested: () => count > 0, release };
}

/** What `--out` holds: the spec asked for, the group as last seen, and its results. */
export function runFile(
  outcome: BenchmarkOutcome,
  spec: CreateGroupBody,
  serviceUrl: string,
  now: number,
) {
  return {
    benchmark_id: outcome.benchmark_id,
    service_url: serviceUrl,
    generated_at: now / 1000,
    interrupted: outcome.interrupted,
    note: outcome.note,
    spec,
    group: outcome.group,
    results: outcome.results,
  };
}

/** Writes `--out`, `--csv` and `--html` from whatever the run left, saying what it skipped. */
export async function writeOutputs(
  outcome: BenchmarkOutcome,
  options: { out?: string | undefined; csv?: string | undefined; html?: string | undefined },
  spec: CreateGroupBody,
  serviceUrl: string,
  deps: CliDeps,
): Promise<void> {
  const now = deps.now();
  if (options.out) {
    await deps.writeFile(
      options.out,
      `${JSON.stringify(runFile(outcome, spec, serviceUrl, now), null, 2)}\n`,
    );
    deps.err(`wrote ${options.out}`);
  }
  if (options.csv) {
    if (outcome.records === null) deps.err(`not writing ${options.csv}: no per-request records`);
    else {
      await deps.writeFile(options.csv, recordsToCsv(outcome.records));
      deps.err(`wrote ${options.csv} (${outcome.records.length} requests)`);
    }
  }
  if (options.html) {
    if (outcome.results === null || outcome.group === null) {
      deps.err(`not writing ${options.html}: the run has no results`);
    } else {
      const html = renderRunReport({
        title: `Benchmark ${outcome.benchmark_id}`,
        generated_at: now / 1000,
        service_url: serviceUrl,
        benchmark_id: outcome.benchmark_id,
        spec,
        group: outcome.group,
        results: outcome.results,
        records: outcome.records,
      });
      await deps.writeFile(options.html, html);
      deps.err(`wrote ${options.html}`);
    }
  }
}

/**
 * `bench [flags]`: one benchmark from the command line, as vLLM's `bench serve` would run it but
 * through the Client Service and Slurm. Exit code 0 when the group completed, 1 when it failed
 * or has no results, 130 after Ctrl-C.
 */
export const benchRun: Command = async (argv, deps) => {
  const flags = readFlags(argv, RUN_FLAGS);
  if (flags.values.help) {
    deps.out(RUN_USAGE);
    return 0;
  }
  const options = runOptionsFromFlags(flags, deps.env);
  const client = serviceClient(options, deps);
  const interruption = interruptible(deps);
  try {
    const outcome = await runBenchmark(
      client,
      options.body,
      { id: options.id, pollMs: options.pollMs, serviceUrl: options.service },
      deps,
      interruption,
    );
    await writeOutputs(outcome, options, options.body, options.service, deps);
    if (options.json)
      deps.out(
        JSON.stringify(runFile(outcome, options.body, options.service, deps.now()), null, 2),
      );
    else if (outcome.results !== null) {
      deps.out(formatSummary(outcome.results, contextOfSpec(options.body)));
    }
    if (outcome.note !== null) deps.err(`group ${outcome.benchmark_id}: ${outcome.note}`);
    if (outcome.interrupted) return 130;
    return outcome.group?.state === "completed" && outcome.results !== null ? 0 : 1;
  } finally {
    interruption.release();
  }
};
