import type { CreateGroupBody, GroupInfo } from "../schemas/group.ts";
import { formatNumber, formatUnixTime } from "./format.ts";
import { escapeHtml } from "./html-escape.ts";
import { htmlFacts, htmlTable } from "./html-table.ts";
import { redactSpec } from "./redact-spec.ts";

/** The load spec as the user gave it (credentials in headers redacted), pretty JSON shown as text. */
export function loadSpecBlock(spec: CreateGroupBody): string {
  return `<pre>${escapeHtml(JSON.stringify(redactSpec(spec), null, 2))}</pre>`;
}

/**
 * Where the run ran: the Slurm job and its state, the nodes, every agent with its address,
 * and the group's transitions with their times (and seconds since the group was created).
 */
export function runEnvironment(group: GroupInfo, serviceUrl: string): string {
  const facts: [string, string][] = [
    ["client service", serviceUrl],
    ["Slurm job id", group.job_id],
    ["group state", group.reason ? `${group.state}: ${group.reason}` : group.state],
    ["Slurm state", group.slurm_state ?? "–"],
    ["Slurm reason", group.slurm_reason ?? "–"],
    ["nodes (agents)", formatNumber(group.nodes)],
    ["virtual clients", formatNumber(group.num_clients)],
    ["time limit (min)", formatNumber(group.time_limit)],
    ["created", formatUnixTime(group.created_at)],
  ];
  const agents =
    group.agents.length === 0
      ? '<p class="note">No agent registered.</p>'
      : htmlTable(
          ["task", "agent id", "address", "clients", "state", "registered"],
          [...group.agents]
            .sort((a, b) => a.task_index - b.task_index)
            .map((a) => [
              formatNumber(a.task_index),
              a.agent_id,
              a.address,
              formatNumber(a.num_clients),
              a.state,
              formatUnixTime(a.registered_at),
            ]),
        );
  const transitions = htmlTable(
    ["state", "at", "+s", "reason"],
    group.transitions.map((t) => [
      t.state,
      formatUnixTime(t.at),
      formatNumber(t.at - group.created_at, 1),
      t.reason ?? "",
    ]),
  );
  return [htmlFacts(facts), "<h3>Agents</h3>", agents, "<h3>Transitions</h3>", transitions].join(
    "\n",
  );
}
