import type { GroupInfo } from "../../core/schemas/group.ts";
import { type Command, serviceClient } from "./cli-deps.ts";
import { benchmarkIdArgument, COMMON_FLAGS, commonOptions, readFlags } from "./cli-flags.ts";
import { textTable } from "./text-table.ts";

export const STATUS_USAGE = `Usage: bun run bench status ID [--json] [--service URL] [--token TOKEN]

Shows a group's state, its Slurm job (state and pending reason), its agents, its progress and
every state it went through.`;

const when = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");

/** The group as a few readable lines: state, Slurm, progress, agents, transitions. */
export function describeGroup(id: number, info: GroupInfo): string {
  const slurm = info.slurm_state
    ? `${info.slurm_state}${info.slurm_reason ? ` (reason: ${info.slurm_reason})` : ""}`
    : "not reported yet";
  const { requests, errors, rate_per_s, ttft_p50_ms } = info.progress;
  const ttft = ttft_p50_ms === undefined ? "" : `, p50 TTFT ${ttft_p50_ms.toFixed(1)} ms`;
  const lines = [
    `benchmark ${id}: ${info.state}${info.reason ? ` (${info.reason})` : ""}`,
    `  Slurm job ${info.job_id}: ${slurm}`,
    `  ${info.num_clients} clients on ${info.nodes} node(s), time limit ${info.time_limit} min`,
    `  progress: ${requests} requests, ${errors} errors, ${rate_per_s.toFixed(1)} req/s${ttft}`,
  ];
  if (info.agents.length > 0) {
    lines.push(
      "",
      textTable(
        ["TASK", "STATE", "CLIENTS", "REQUESTS", "ERRORS", "ADDRESS"],
        info.agents.map((a) => [
          String(a.task_index),
          a.state,
          String(a.num_clients),
          String(a.requests),
          String(a.errors),
          a.address,
        ]),
      ),
    );
  }
  lines.push(
    "",
    textTable(
      ["AT", "STATE", "REASON"],
      info.transitions.map((t) => [when(t.at), t.state, t.reason ?? ""]),
    ),
  );
  return lines.join("\n");
}

/** `bench status ID`: one group in detail. */
export const showStatus: Command = async (argv, deps) => {
  const flags = readFlags(argv, COMMON_FLAGS);
  if (flags.values.help) {
    deps.out(STATUS_USAGE);
    return 0;
  }
  const id = benchmarkIdArgument("status", flags.positionals);
  const options = commonOptions(flags.values, deps.env);
  const { data } = await serviceClient(options, deps).GET("/api/v1/client-group/{benchmark_id}", {
    params: { path: { benchmark_id: String(id) } },
  });
  const group = data as { benchmark_id: number; info: GroupInfo };
  deps.out(options.json ? JSON.stringify(group, null, 2) : describeGroup(id, group.info));
  return 0;
};
