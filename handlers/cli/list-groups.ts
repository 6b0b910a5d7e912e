import { type Command, serviceClient } from "./cli-deps.ts";
import { COMMON_FLAGS, commonOptions, FlagError, readFlags } from "./cli-flags.ts";
import { textTable } from "./text-table.ts";

export const GROUPS_USAGE = `Usage: bun run bench groups [--json] [--service URL] [--token TOKEN]

Lists every client group the service knows, with its state, Slurm job and agents.`;

const when = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");

/** `bench groups`: every group with its state, as a table or (`--json`) the service's answer. */
export const listGroups: Command = async (argv, deps) => {
  const flags = readFlags(argv, COMMON_FLAGS);
  if (flags.values.help) {
    deps.out(GROUPS_USAGE);
    return 0;
  }
  if (flags.positionals.length > 0) {
    throw new FlagError(`groups: unexpected arguments: ${flags.positionals.join(" ")}`);
  }
  const options = commonOptions(flags.values, deps.env);
  const { data } = await serviceClient(options, deps).GET("/api/v1/client-groups");
  const list = data ?? { groups: [], total: 0 };
  if (options.json) {
    deps.out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.groups.length === 0) {
    deps.out(`no groups on ${options.service}`);
    return 0;
  }
  deps.out(
    textTable(
      ["ID", "STATE", "CLIENTS", "NODES", "AGENTS", "JOB", "CREATED"],
      list.groups.map((g) => [
        String(g.benchmark_id),
        g.state,
        String(g.num_clients),
        String(g.nodes),
        String(g.agents),
        g.job_id,
        when(g.created_at),
      ]),
    ),
  );
  return 0;
};
