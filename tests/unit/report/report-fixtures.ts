import { seededRandom } from "../../../core/loadgen/seeded-random.ts";
import { summarize } from "../../../core/metrics/latency-stats.ts";
import type { RunReportInput, SweepReportInput } from "../../../core/report/report-input.ts";
import type { AgentInfo, CreateGroupBody, GroupInfo } from "../../../core/schemas/group.ts";
import type {
  ErrorClass,
  GroupResults,
  LatencyStats,
  RequestRecordLine,
} from "../../../core/schemas/results.ts";

/** A model name that would run script if any report printed it unescaped. */
export const HOSTILE_MODEL = "</script><script>window.pwned=1</script>";

const START_MS = Date.UTC(2026, 10, 26, 9, 0, 0);
const AGENTS = 4;

/**
 * ~2000 records of a 20 s Poisson run at 100 requests/s over four agents: 2 s of warm-up,
 * latency that climbs in the middle of the run, and failures of three classes (a burst of 5xx,
 * scattered 429s, timeouts). Seeded, so every call returns the same records.
 */
export function fixtureRecords(): RequestRecordLine[] {
  const random = seededRandom(7);
  const records: RequestRecordLine[] = [];
  let intended = START_MS;
  for (let i = 0; intended < START_MS + 20_000; i++) {
    intended += -Math.log(1 - random()) * 10;
    const second = (intended - START_MS) / 1000;
    const slow = second > 8 && second < 12 ? 120 : 0;
    const lag = random() * 2;
    const ttft = 40 + slow + random() * 30 + (random() < 0.02 ? 400 : 0);
    const tokens = 64 + Math.floor(random() * 64);
    const roll = random();
    const error: ErrorClass | null =
      second > 14 && second < 16 && roll < 0.3
        ? "http_5xx"
        : roll < 0.02
          ? "http_429"
          : roll > 0.99
            ? "timeout"
            : null;
    const ok = error === null;
    records.push({
      task_index: i % AGENTS,
      intended_at: intended,
      sent_at: intended + lag,
      schedule_lag_ms: lag,
      ok,
      status: error === "timeout" ? null : error === "http_5xx" ? 503 : error ? 429 : 200,
      error,
      ttft_ms: ok ? ttft : null,
      e2e_ms: error === "timeout" ? 3000 : ok ? ttft + tokens * 4 : 5 + random() * 5,
      itl_count: ok ? tokens - 1 : 0,
      output_tokens: ok ? tokens : 0,
      input_tokens: 32,
      tokens_source: "usage",
      warmup: second < 2,
    });
  }
  return records;
}

const stats = (values: number[]): LatencyStats | null => summarize(values);

/** The results the service would compute for those records (latencies from the same samples). */
export function fixtureResults(
  records: readonly RequestRecordLine[],
  agents: AgentInfo[],
): GroupResults {
  const measured = records.filter((r) => !r.warmup);
  const ok = measured.filter((r) => r.ok);
  const failed = measured.filter((r) => !r.ok);
  const errors: Record<string, number> = {};
  for (const r of failed) errors[r.error ?? "unknown"] = (errors[r.error ?? "unknown"] ?? 0) + 1;
  const duration = 21.2;
  const output = ok.reduce((n, r) => n + r.output_tokens, 0);
  return {
    benchmark_id: 42,
    state: "completed",
    started_at: START_MS / 1000,
    finished_at: START_MS / 1000 + duration,
    duration_s: duration,
    partial: false,
    requests: {
      completed: ok.length,
      failed: failed.length,
      warmup: records.length - measured.length,
    },
    errors,
    throughput: {
      requests_per_s: ok.length / duration,
      output_tokens_per_s: output / duration,
      total_tokens_per_s: (output + 32 * measured.length) / duration,
      goodput_per_s: (ok.length * 0.9) / duration,
    },
    latency_ms: {
      ttft: stats(ok.map((r) => r.ttft_ms ?? 0)),
      tpot: stats(ok.map(() => 4)),
      itl: stats(ok.map(() => 4)),
      e2e: stats(ok.map((r) => r.e2e_ms)),
      ttft_from_intended: stats(ok.map((r) => (r.ttft_ms ?? 0) + r.schedule_lag_ms)),
      e2e_from_intended: stats(ok.map((r) => r.e2e_ms + r.schedule_lag_ms)),
      schedule_lag: stats(measured.map((r) => r.schedule_lag_ms)),
    },
    schedule: {
      pattern: "poisson",
      target_rate_per_s: 100,
      achieved_rate_per_s: 99.2,
      sent: measured.length,
      late: 3,
      late_threshold_ms: 10,
      not_sent: 0,
      window_s: 18,
    },
    tokens: { input: 32 * measured.length, output, source: "usage" },
    agents: agents.map((a) => {
      const own = measured.filter((r) => r.task_index === a.task_index);
      return {
        agent_id: a.agent_id,
        address: a.address,
        requests: own.length,
        errors: own.filter((r) => !r.ok).length,
      };
    }),
  };
}

/** The load spec of the fixture run, with a hostile model name and header value. */
export function fixtureSpec(model = HOSTILE_MODEL): CreateGroupBody {
  return {
    num_clients: 64,
    time_limit: 10,
    nodes: AGENTS,
    target: {
      base_url: "http://gpu-node-7:8000",
      kind: "openai",
      api: "chat",
      model,
      headers: { "X-Team": "<img src=x onerror=alert(1)>" },
    },
    load: {
      pattern: "poisson",
      rate: 100,
      burstiness: 1,
      duration_s: 20,
      warmup_s: 2,
      ramp_up_s: 0,
      timeout_s: 3,
      max_in_flight: 10_000,
      seed: 7,
      records: true,
    },
  };
}

/** The group as the service describes it after the run: four agents on two nodes. */
export function fixtureGroup(): GroupInfo {
  const created = START_MS / 1000 - 30;
  const agents: AgentInfo[] = Array.from({ length: AGENTS }, (_, i) => ({
    agent_id: `agent-${i}`,
    task_index: i,
    address: `http://node${1 + Math.floor(i / 2)}:${41000 + i}`,
    registered_at: created + 20 + i,
    num_clients: 16,
    state: "done",
    requests: 0,
    errors: 0,
  }));
  return {
    num_clients: 64,
    nodes: AGENTS,
    time_limit: 10,
    client_address: agents.map((a) => a.address),
    created_at: created,
    state: "completed",
    reason: null,
    job_id: "7421",
    slurm_state: "COMPLETED",
    slurm_reason: "None",
    agents,
    transitions: [
      { state: "submitted", at: created, reason: null },
      { state: "queued", at: created + 1, reason: "Priority <b>not escaped?</b>" },
      { state: "starting", at: created + 12, reason: null },
      { state: "ready", at: created + 24, reason: null },
      { state: "running", at: created + 30, reason: null },
      { state: "completed", at: created + 52, reason: null },
    ],
    progress: { requests: 1800, errors: 90, rate_per_s: 0 },
  };
}

/** A whole run report input; `records: false` gives the report of a run that kept none. */
export function fixtureRunReport(options: { records: boolean; model?: string }): RunReportInput {
  const group = fixtureGroup();
  const records = fixtureRecords();
  return {
    title: "Benchmark 42",
    generated_at: START_MS / 1000 + 60,
    service_url: "http://head:8001",
    benchmark_id: 42,
    spec: fixtureSpec(options.model),
    group,
    results: fixtureResults(records, group.agents),
    records: options.records ? records : null,
  };
}

/**
 * A rate sweep of five points: latency climbs with the rate, the last point saturates (achieves
 * less than the one before) and a sixth point has no results, only a note.
 */
export function fixtureSweepReport(): SweepReportInput {
  const base = fixtureResults(fixtureRecords(), fixtureGroup().agents);
  const steps = [
    { rate: 10, achieved: 9.9, ttft: 60, e2e: 420 },
    { rate: 20, achieved: 19.8, ttft: 70, e2e: 450 },
    { rate: 40, achieved: 39.1, ttft: 95, e2e: 520 },
    { rate: 80, achieved: 71.5, ttft: 240, e2e: 900 },
    { rate: 160, achieved: 68.2, ttft: 1900, e2e: 3400 },
  ];
  const scaled = (s: LatencyStats | null, p99: number): LatencyStats | null =>
    s === null ? null : { ...s, p50: p99 / 3, p99 };
  return {
    title: "Rate sweep",
    generated_at: START_MS / 1000 + 600,
    service_url: "http://head:8001",
    dimension: "rate",
    spec: fixtureSpec(),
    points: [
      ...steps.map((step, i) => ({
        benchmark_id: 100 + i,
        value: step.rate,
        results: {
          ...base,
          benchmark_id: 100 + i,
          throughput: {
            ...base.throughput,
            requests_per_s: step.achieved,
            output_tokens_per_s: step.achieved * 95,
          },
          latency_ms: {
            ...base.latency_ms,
            ttft: scaled(base.latency_ms.ttft, step.ttft),
            e2e: scaled(base.latency_ms.e2e, step.e2e),
          },
          requests: { ...base.requests, failed: i * 7 },
        },
        note: i === 4 ? "TTFT p99 1900 ms broke the SLO (1000 ms): sweep stopped <here>" : null,
      })),
      { benchmark_id: 105, value: 320, results: null, note: "not run: the sweep stopped" },
    ],
  };
}
