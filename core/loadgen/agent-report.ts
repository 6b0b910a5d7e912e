import type { SloSpec } from "../schemas/load-spec.ts";
import type { AgentReport } from "../schemas/results.ts";
import type { RequestRecord } from "./measure-request.ts";
import type { RunMetrics } from "./run-metrics.ts";

export type ReportContext = {
  task_index: number;
  run_id: string;
  /** Unix seconds: the measured window opens when the warm-up ends. */
  started_at: number;
  finished_at: number;
  partial: boolean;
  reason: string | null;
  /** Nothing could be measured: the target was unreachable or could not be set up. */
  failed?: boolean;
};

/** Time per output token after the first, as vLLM defines it; null with fewer than two tokens. */
export function timePerOutputToken(record: RequestRecord): number | null {
  if (record.ttft_ms === null || record.output_tokens <= 1) return null;
  return (record.e2e_ms - record.ttft_ms) / (record.output_tokens - 1);
}

/** Whether an ok request met every SLO that is set (a request without a TPOT meets that one). */
export function meetsSlo(record: RequestRecord, slo: SloSpec): boolean {
  if (slo.ttft_ms !== undefined && (record.ttft_ms === null || record.ttft_ms > slo.ttft_ms)) {
    return false;
  }
  const tpot = timePerOutputToken(record);
  if (slo.tpot_ms !== undefined && tpot !== null && tpot > slo.tpot_ms) return false;
  return slo.e2e_ms === undefined || record.e2e_ms <= slo.e2e_ms;
}

/**
 * The report one agent uploads when its run ends: counts, errors by class, tokens, goodput and
 * every latency as a digest (exact count/sum/min/max and an encoded HdrHistogram) instead of
 * raw samples. Token source is "usage" when every ok request carried the server's usage, else
 * "counted". The open-loop digests and the schedule are null for a closed loop.
 */
export function buildAgentReport(metrics: RunMetrics, context: ReportContext): AgentReport {
  const d = metrics.distributions;
  return {
    task_index: context.task_index,
    run_id: context.run_id,
    started_at: context.started_at,
    finished_at: context.finished_at,
    partial: context.partial,
    reason: context.reason,
    failed: context.failed ?? false,
    requests: { ...metrics.requests },
    errors: { ...metrics.errors },
    tokens: {
      input: metrics.tokens.input,
      output: metrics.tokens.output,
      source: metrics.tokens.allUsage ? "usage" : "counted",
    },
    good_requests: metrics.goodRequests,
    latency: {
      ttft: d.ttft.toDigest(),
      tpot: d.tpot.toDigest(),
      itl: d.itl.toDigest(),
      e2e: d.e2e.toDigest(),
      ttft_from_intended: d.ttft_from_intended.toDigest(),
      e2e_from_intended: d.e2e_from_intended.toDigest(),
      schedule_lag: d.schedule_lag.toDigest(),
    },
    schedule: metrics.schedule,
  };
}
