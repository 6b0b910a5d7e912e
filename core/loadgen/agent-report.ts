import type { SloSpec } from "../schemas/load-spec.ts";
import type { AgentReport, ErrorClass, LatencySamples } from "../schemas/results.ts";
import type { RequestRecord } from "./measure-request.ts";

export type ReportContext = {
  task_index: number;
  run_id: string;
  /** Wall time, milliseconds since the epoch. */
  started_at: number;
  finished_at: number;
  partial: boolean;
  reason: string | null;
  slo: SloSpec;
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
 * Turns one agent's request records into the report it uploads. Warm-up requests are only
 * counted; statistics, errors and tokens come from the rest. Latency samples are the ok
 * requests' TTFT, TPOT (requests with more than one output token), ITL gaps and E2E, in ms.
 * Token source is "usage" when every ok request carried the server's usage, else "counted".
 */
export function buildAgentReport(
  records: readonly RequestRecord[],
  context: ReportContext,
): AgentReport {
  const samples: LatencySamples = { ttft: [], tpot: [], itl: [], e2e: [] };
  const errors: Partial<Record<ErrorClass, number>> = {};
  let completed = 0;
  let failed = 0;
  let warmup = 0;
  let input = 0;
  let output = 0;
  let allUsage = true;
  let good = 0;
  for (const record of records) {
    if (record.cancelled) continue;
    if (record.warmup) {
      warmup += 1;
      continue;
    }
    if (!record.ok) {
      failed += 1;
      const error = record.error ?? "aborted_stream";
      errors[error] = (errors[error] ?? 0) + 1;
      continue;
    }
    completed += 1;
    input += record.input_tokens;
    output += record.output_tokens;
    if (record.output_tokens_source !== "usage") allUsage = false;
    if (record.ttft_ms !== null) samples.ttft.push(record.ttft_ms);
    const tpot = timePerOutputToken(record);
    if (tpot !== null) samples.tpot.push(tpot);
    const times = record.chunk_times_ms;
    for (let i = 1; i < times.length; i += 1) {
      samples.itl.push((times[i] as number) - (times[i - 1] as number));
    }
    samples.e2e.push(record.e2e_ms);
    if (meetsSlo(record, context.slo)) good += 1;
  }
  return {
    task_index: context.task_index,
    run_id: context.run_id,
    started_at: context.started_at,
    finished_at: context.finished_at,
    partial: context.partial,
    reason: context.reason,
    requests: { completed, failed, warmup },
    errors,
    tokens: { input, output, source: allUsage ? "usage" : "counted" },
    good_requests: good,
    samples,
  };
}
