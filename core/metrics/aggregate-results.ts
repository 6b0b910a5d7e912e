import type { StoredGroup } from "../groups/group-store.ts";
import { LATE_SEND_THRESHOLD_MS } from "../loadgen/run-metrics.ts";
import type { AgentInfo } from "../schemas/group.ts";
import {
  type AgentReport,
  type GroupResults,
  LATENCY_METRICS,
  type LatencyMetric,
  type LatencyStats,
  type ScheduleResults,
} from "../schemas/results.ts";
import { LatencyDistribution } from "./latency-distribution.ts";

/**
 * The first histogram of a report that is not one of ours, as `latency.<metric>: <why>`, or
 * null when every one decodes. The service refuses such a report instead of storing it.
 */
export function checkReportHistograms(report: AgentReport): string | null {
  for (const metric of LATENCY_METRICS) {
    const digest = report.latency[metric];
    if (digest === null) continue;
    const decoded = LatencyDistribution.fromDigest(digest);
    if (!decoded.ok) return `latency.${metric}: ${decoded.detail}`;
  }
  return null;
}

/** Every agent's histogram of one metric merged into one, as if one process had recorded all. */
export function mergeMetric(
  reports: readonly AgentReport[],
  metric: LatencyMetric,
): LatencyDistribution {
  const merged = LatencyDistribution.empty();
  for (const report of reports) {
    const digest = report.latency[metric];
    if (digest === null) continue;
    const decoded = LatencyDistribution.fromDigest(digest);
    // Reports are checked when they are uploaded; one that no longer decodes is left out.
    if (decoded.ok) merged.merge(decoded.distribution);
  }
  return merged;
}

function mergeSchedules(
  group: StoredGroup,
  reports: readonly AgentReport[],
): ScheduleResults | null {
  const schedules = reports.flatMap((r) => (r.schedule ? [r.schedule] : []));
  const first = schedules[0];
  if (first === undefined) return null;
  const sum = (pick: (s: (typeof schedules)[number]) => number) =>
    schedules.reduce((total, s) => total + pick(s), 0);
  return {
    pattern: first.pattern,
    target_rate_per_s: first.target_rate_per_s * group.nodes,
    // Agents send side by side: the group's rate is the sum of theirs.
    achieved_rate_per_s: sum((s) => (s.window_s > 0 ? s.sent / s.window_s : 0)),
    sent: sum((s) => s.sent),
    late: sum((s) => s.late),
    late_threshold_ms: LATE_SEND_THRESHOLD_MS,
    not_sent: sum((s) => s.not_sent),
    window_s: Math.max(...schedules.map((s) => s.window_s)),
  };
}

/**
 * Merges the reports of a group's agents into one result. Counts add up; each latency's
 * histograms are merged (losslessly: the merged histogram is the one a single process would
 * have recorded) and summarized, with exact mean, min and max. Open-loop latencies and the
 * schedule are null for a closed loop.
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
  }
  const stats = (metric: LatencyMetric): LatencyStats | null =>
    mergeMetric(reports, metric).stats();
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
      ttft: stats("ttft"),
      tpot: stats("tpot"),
      itl: stats("itl"),
      e2e: stats("e2e"),
      ttft_from_intended: stats("ttft_from_intended"),
      e2e_from_intended: stats("e2e_from_intended"),
      schedule_lag: stats("schedule_lag"),
    },
    schedule: mergeSchedules(group, reports),
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
