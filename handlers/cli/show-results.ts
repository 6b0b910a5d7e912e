import type { GroupInfo } from "../../core/schemas/group.ts";
import type { GroupResults } from "../../core/schemas/results.ts";
import { type Command, serviceClient } from "./cli-deps.ts";
import { benchmarkIdArgument, COMMON_FLAGS, commonOptions, readFlags } from "./cli-flags.ts";
import { formatSummary } from "./summary-table.ts";

export const RESULTS_USAGE = `Usage: bun run bench results ID [--json] [--service URL] [--token TOKEN]

Prints a finished group's merged results as vLLM's \`bench serve\` summary (or, with --json,
exactly what GET /api/v1/client-group/ID/results answers).`;

/** `bench results ID`: the merged results of a finished group. */
export const showResults: Command = async (argv, deps) => {
  const flags = readFlags(argv, COMMON_FLAGS);
  if (flags.values.help) {
    deps.out(RESULTS_USAGE);
    return 0;
  }
  const id = benchmarkIdArgument("results", flags.positionals);
  const options = commonOptions(flags.values, deps.env);
  const client = serviceClient(options, deps);
  const path = { params: { path: { benchmark_id: String(id) } } };
  const { data } = await client.GET("/api/v1/client-group/{benchmark_id}/results", path);
  const results = data as GroupResults;
  if (options.json) {
    deps.out(JSON.stringify(results, null, 2));
    return 0;
  }
  const group = await client.GET("/api/v1/client-group/{benchmark_id}", path);
  const info = (group.data as { info: GroupInfo }).info;
  const rate = results.schedule?.target_rate_per_s;
  deps.out(`benchmark ${id} (${results.state}, Slurm job ${info.job_id})`);
  deps.out(
    formatSummary(results, {
      concurrency: results.schedule === null ? info.num_clients : undefined,
      rate,
    }),
  );
  return 0;
};
