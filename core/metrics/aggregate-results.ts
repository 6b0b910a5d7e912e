import type { StoredGroup } from "../groups/group-store.ts";
import type { AgentInfo } from "../schemas/group.ts";
import type { AgentReport, GroupResults } from "../schemas/results.ts";
import { summarize } from "./latency-stats.ts";

/**
 * Merges the reports of a group's agents into one result. Samples are concatenated, so the
 * percentiles are exactly those of one process that measured every request.
 */
export function aggregateResults(
  group: StoredGroup,
  agents: readonly AgentInfo[],
  reports: readonly AgentReport[],
): GroupResults {
  const started = reports.length > 0 ? Math.min(...reports.map((r) => r.started_at)) : null;
  const finished = reports.length > 0 ? Math.max(...reports.map((r) => r.finished_at)) : null;
  const duration = started !== null && finished !== null ? Math.max(finished - started, 0) : 0;
  const perSecond = (n: number) => (duration > 0 ? n / duration : 0);

  const errors: Record<string, number> = {};
  const samples = {
    ttft: [] as number[],
    tpot: [] as number[],
    itl: [] as number[],
    e2e: [] as number[],
  };
  const requests = { completed: 0, failed: 0, warmup: 0 };
  const tokens = { input: 0, output: 0 };
  let good = 0;
  let allUsage = true;
  for (const report of reports) {
    requests.completed += report.requests.completed;
    requests.failed += report.requests.failed;
    requests.warmup += report.requests.warmup;
    for (const [kind, n] of Object.entries(report.errors)) errors[kind] = (errors[kind] ?? 0) + n;
    tokens.input += report.tokens.input;
    tokens.output += report.tokens.output;
    allUsage &&= report.tokens.source === "usage";
    good += report.good_requests;
    for (const key of ["ttft", "tpot", "itl", "e2e"] as const) {
      for (const value of report.samples[key]) samples[key].push(value);
    }
  }
  const byTask = new Map(reports.map((r) => [r.task_index, r]));

  return {
    benchmark_id: group.benchmark_id,
    state: group.state,
    started_at: started,
    finished_at: finished,
    duration_s: duration,
    partial: reports.some((r) => r.partial) || reports.length < agents.length,
    requests,
    errors,
    throughput: {
      requests_per_s: perSecond(requests.completed),
      output_tokens_per_s: perSecond(tokens.output),
      total_tokens_per_s: perSecond(tokens.input + tokens.output),
      goodput_per_s: perSecond(good),
    },
    latency_ms: {
      ttft: summarize(samples.ttft),
      tpot: summarize(samples.tpot),
      itl: summarize(samples.itl),
      e2e: summarize(samples.e2e),
    },
    tokens: { ...tokens, source: allUsage && reports.length > 0 ? "usage" : "counted" },
    agents: agents.map((agent) => {
      const report = byTask.get(agent.task_index);
      return {
        agent_id: agent.agent_id,
        address: agent.address,
        requests: report ? report.requests.completed + report.requests.failed : agent.requests,
        errors: report ? report.requests.failed : agent.errors,
      };
    }),
  };
}
