import { type Command, serviceClient } from "./cli-deps.ts";
import { benchmarkIdArgument, COMMON_FLAGS, commonOptions, readFlags } from "./cli-flags.ts";

export const CANCEL_USAGE = `Usage: bun run bench cancel ID [--json] [--service URL] [--token TOKEN]

Cancels the group's Slurm job (if it still runs) and deletes the group with its results.`;

/** `bench cancel ID`: DELETE the group, which cancels its job. */
export const cancelGroup: Command = async (argv, deps) => {
  const flags = readFlags(argv, COMMON_FLAGS);
  if (flags.values.help) {
    deps.out(CANCEL_USAGE);
    return 0;
  }
  const id = benchmarkIdArgument("cancel", flags.positionals);
  const options = commonOptions(flags.values, deps.env);
  const { data } = await serviceClient(options, deps).DELETE(
    "/api/v1/client-group/{benchmark_id}",
    {
      params: { path: { benchmark_id: String(id) } },
    },
  );
  deps.out(
    options.json
      ? JSON.stringify(data, null, 2)
      : `group ${id} deleted; its Slurm job is cancelled if it was still running`,
  );
  return 0;
};
