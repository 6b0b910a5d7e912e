import { describe, expect, test } from "bun:test";
import type { StoredGroup } from "../../../core/groups/group-store.ts";
import { buildAgentReport } from "../../../core/loadgen/agent-report.ts";
import type { RequestRecord } from "../../../core/loadgen/measure-request.ts";
import { LATE_SEND_THRESHOLD_MS, RunMetrics } from "../../../core/loadgen/run-metrics.ts";
import { normalDraw, seededRandom } from "../../../core/loadgen/seeded-random.ts";
import {
  aggregateResults,
  checkReportHistograms,
} from "../../../core/metrics/aggregate-results.ts";
import type { AgentInfo } from "../../../core/schemas/group.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import {
  type AgentReport,
  GroupResults,
  type LatencyDigest,
} from "../../../core/schemas/results.ts";
import { fakeRecord } from "../loadgen/fake-record.ts";

const group = (nodes: number): StoredGroup => ({
  benchmark_id: 9,
  num_clients: 4 * nodes,
  nodes,
  time_limit: 5,
  spec: LoadSpec.parse({ load: { pattern: "poisson", rate: 10 } }),
  state: "completed",
  reason: null,
  job_id: "77",
  slurm_state: "COMPLETED",
  slurm_reason: null,
  created_at: 1000,
  run_id: "run-1",
  started_at: 1000,
  finished_at: 1100,
});

const agent = (task: number): AgentInfo => ({
  agent_id: `9-${task}`,
  task_index: task,
  address: `http://10.0.0.${task + 1}:9000`,
  registered_at: 1000,
  num_clients: 4,
  state: "done",
  requests: 0,
  errors: 0,
});

/** Streamed requests with lognormal TTFT, some ITLs, and a lag of a few ms (some late). */
function requests(n: number, seed: number): RequestRecord[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const ttft = Math.exp(Math.log(80) + 0.8 * normalDraw(random));
    const gaps = Array.from({ length: 1 + Math.floor(random() * 6) }, () => 5 + 20 * random());
    const chunks = [ttft];
    for (const gap of gaps) chunks.push((chunks.at(-1) as number) + gap);
    const intended = i * 10;
    return fakeRecord({
      intended_at_ms: intended,
      sent_at_ms: intended + 15 * random() ** 4,
      ttft_ms: ttft,
      chunk_times_ms: chunks,
      e2e_ms: chunks.at(-1) as number,
      output_tokens: chunks.length,
      ok: random() > 0.05,
    });
  }).map((r) => (r.ok ? r : { ...r, error: "http_5xx" as const, ttft_ms: null }));
}

function reportOf(records: RequestRecord[], task: number, window = 10): AgentReport {
  const metrics = new RunMetrics({ slo: {}, openLoop: true });
  for (const r of records) metrics.add(r);
  metrics.schedule = {
    pattern: "poisson",
    target_rate_per_s: 5,
    sent: metrics.sent,
    late: metrics.late,
    not_sent: task,
    window_s: window,
  };
  return buildAgentReport(metrics, {
    task_index: task,
    run_id: "run-1",
    started_at: 1000 + task,
    finished_at: 1010 + task,
    partial: false,
    reason: null,
  });
}

describe("aggregateResults", () => {
  test("agents' merged histograms give the percentiles of one process measuring everything", () => {
    const all = requests(3000, 5);
    const parts = [all.slice(0, 700), all.slice(700, 2200), all.slice(2200)];
    const merged = aggregateResults(
      group(3),
      [agent(0), agent(1), agent(2)],
      parts.map((records, task) => reportOf(records, task)),
    );
    const single = aggregateResults(group(1), [agent(0)], [reportOf(all, 0)]);
    expect(GroupResults.safeParse(merged).success).toBe(true);
    for (const metric of [
      "ttft",
      "tpot",
      "itl",
      "e2e",
      "ttft_from_intended",
      "e2e_from_intended",
      "schedule_lag",
    ] as const) {
      const a = merged.latency_ms[metric];
      const b = single.latency_ms[metric];
      expect(a).not.toBeNull();
      expect({ ...a, mean: 0, std: 0 }).toEqual({ ...b, mean: 0, std: 0 } as never);
      expect(a?.mean).toBeCloseTo(b?.mean as number, 9);
      expect(a?.std).toBeCloseTo(b?.std as number, 9);
    }
    expect(merged.requests).toEqual(single.requests);
    expect(merged.errors).toEqual(single.errors);
  });

  test("the schedules add up: rates and counts are summed, the target is the group's", () => {
    const parts = [requests(100, 1), requests(60, 2)];
    const reports = [reportOf(parts[0] ?? [], 0, 10), reportOf(parts[1] ?? [], 1, 8)];
    const r = aggregateResults(group(2), [agent(0), agent(1)], reports);
    const late = reports.reduce((n, rep) => n + (rep.schedule?.late ?? 0), 0);
    expect(late).toBeGreaterThan(0);
    expect(r.schedule).toEqual({
      pattern: "poisson",
      target_rate_per_s: 10,
      achieved_rate_per_s: 100 / 10 + 60 / 8,
      sent: 160,
      late,
      late_threshold_ms: LATE_SEND_THRESHOLD_MS,
      not_sent: 1,
      window_s: 10,
    });
  });

  test("a closed loop has null open-loop latencies and no schedule", () => {
    const metrics = new RunMetrics({ slo: {}, openLoop: false });
    metrics.add(fakeRecord({ ttft_ms: 10, e2e_ms: 20 }));
    const report = buildAgentReport(metrics, {
      task_index: 0,
      run_id: "run-1",
      started_at: 1000,
      finished_at: 1002,
      partial: false,
      reason: null,
    });
    const r = aggregateResults(group(1), [agent(0)], [report]);
    expect(r.latency_ms.ttft).toMatchObject({ min: 10, max: 10, mean: 10, p50: 10 });
    expect(r.latency_ms.ttft_from_intended).toBeNull();
    expect(r.latency_ms.e2e_from_intended).toBeNull();
    expect(r.latency_ms.schedule_lag).toBeNull();
    expect(r.schedule).toBeNull();
    expect(r.throughput.requests_per_s).toBe(0.5);
  });

  test("a report with a histogram that is not ours is named by its field", () => {
    const report = reportOf(requests(10, 3), 0);
    const itl = report.latency.itl as LatencyDigest;
    const broken: AgentReport = {
      ...report,
      latency: { ...report.latency, itl: { ...itl, count: itl.count + 1 } },
    };
    expect(checkReportHistograms(report)).toBeNull();
    expect(checkReportHistograms(broken)).toContain("latency.itl: histogram holds");
  });
});
