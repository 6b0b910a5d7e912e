import { LatencyDistribution } from "../metrics/latency-distribution.ts";
import type { SloSpec } from "../schemas/load-spec.ts";
import type { AgentSchedule, ErrorClass, LatencyMetric } from "../schemas/results.ts";
import { LATENCY_METRICS } from "../schemas/results.ts";
import { meetsSlo, timePerOutputToken } from "./agent-report.ts";
import type { RequestRecord } from "./measure-request.ts";

/**
 * A request sent more than this after its intended time counts as late. JavaScript timers fire
 * a millisecond or two after their time as a matter of course; 10 ms beyond it means the agent
 * itself fell behind (CPU saturated, event loop blocked), and its latencies deserve suspicion.
 */
export const LATE_SEND_THRESHOLD_MS = 10;

export type RunMetricsOptions = {
  slo: SloSpec;
  /** Open loop: also the latencies from the intended send time, the schedule lag and lateness. */
  openLoop: boolean;
};

/**
 * Everything one agent measures, kept as it goes (counts and mergeable histograms, no raw
 * samples), so a long run at a high rate costs constant memory. Warm-up requests are only
 * counted; cancelled ones (cut short by the agent itself) are not seen at all.
 */
export class RunMetrics {
  readonly distributions: Record<LatencyMetric, LatencyDistribution>;
  readonly requests = { completed: 0, failed: 0, warmup: 0 };
  readonly errors: Partial<Record<ErrorClass, number>> = {};
  readonly tokens = { input: 0, output: 0, allUsage: true };
  goodRequests = 0;
  /** Open loop only: measured requests sent, and those sent late. */
  sent = 0;
  late = 0;
  schedule: AgentSchedule | null = null;

  constructor(readonly options: RunMetricsOptions) {
    this.distributions = Object.fromEntries(
      LATENCY_METRICS.map((metric) => [metric, LatencyDistribution.empty()]),
    ) as Record<LatencyMetric, LatencyDistribution>;
  }

  /** Takes one finished request. */
  add(record: RequestRecord): void {
    if (record.cancelled) return;
    if (record.warmup) {
      this.requests.warmup += 1;
      return;
    }
    const d = this.distributions;
    // A timer that fires a hair early is no lag at all.
    const lag = Math.max(record.sent_at_ms - record.intended_at_ms, 0);
    if (this.options.openLoop) {
      this.sent += 1;
      if (lag > LATE_SEND_THRESHOLD_MS) this.late += 1;
      d.schedule_lag.record(lag);
    }
    if (!record.ok) {
      this.requests.failed += 1;
      const error = record.error ?? "aborted_stream";
      this.errors[error] = (this.errors[error] ?? 0) + 1;
      return;
    }
    this.requests.completed += 1;
    this.tokens.input += record.input_tokens;
    this.tokens.output += record.output_tokens;
    if (record.output_tokens_source !== "usage") this.tokens.allUsage = false;
    if (record.ttft_ms !== null) d.ttft.record(record.ttft_ms);
    const tpot = timePerOutputToken(record);
    if (tpot !== null) d.tpot.record(tpot);
    const times = record.chunk_times_ms;
    for (let i = 1; i < times.length; i += 1) {
      d.itl.record((times[i] as number) - (times[i - 1] as number));
    }
    d.e2e.record(record.e2e_ms);
    if (this.options.openLoop) {
      // Coordinated-omission correction: the user who wanted this request at its intended
      // time waited for the agent's lag too.
      if (record.ttft_ms !== null) d.ttft_from_intended.record(record.ttft_ms + lag);
      d.e2e_from_intended.record(record.e2e_ms + lag);
    }
    if (meetsSlo(record, this.options.slo)) this.goodRequests += 1;
  }
}
