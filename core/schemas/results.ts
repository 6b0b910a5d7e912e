import { z } from "zod";

export const ERROR_CLASSES = [
  "http_4xx",
  "http_429",
  "http_5xx",
  "timeout",
  "connect",
  "aborted_stream",
  "invalid_response",
] as const;
export const ErrorClass = z.enum(ERROR_CLASSES);
export type ErrorClass = z.infer<typeof ErrorClass>;

export const ErrorCounts = z.record(z.string(), z.number().int().min(0));

/** Raw latency samples in milliseconds; merged across agents by concatenation, so exact. */
export const LatencySamples = z.object({
  ttft: z.array(z.number().min(0)),
  tpot: z.array(z.number().min(0)),
  itl: z.array(z.number().min(0)),
  e2e: z.array(z.number().min(0)),
});
export type LatencySamples = z.infer<typeof LatencySamples>;

/** What one agent uploads when its run ends. */
export const AgentReport = z
  .object({
    task_index: z.number().int().min(0),
    run_id: z.string().min(1).max(64),
    started_at: z.number(),
    finished_at: z.number(),
    partial: z.boolean().default(false),
    reason: z.string().max(2000).nullable().default(null),
    requests: z.object({
      completed: z.number().int().min(0),
      failed: z.number().int().min(0),
      warmup: z.number().int().min(0),
    }),
    errors: ErrorCounts,
    tokens: z.object({
      input: z.number().int().min(0),
      output: z.number().int().min(0),
      source: z.enum(["usage", "counted"]),
    }),
    good_requests: z.number().int().min(0),
    samples: LatencySamples,
  })
  .meta({ id: "AgentReport" });
export type AgentReport = z.infer<typeof AgentReport>;

export const LatencyStats = z.object({
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  max: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
});
export type LatencyStats = z.infer<typeof LatencyStats>;

export const GroupResults = z
  .object({
    benchmark_id: z.number().int(),
    state: z.string(),
    started_at: z.number().nullable(),
    finished_at: z.number().nullable(),
    duration_s: z.number(),
    partial: z.boolean(),
    requests: z.object({ completed: z.number(), failed: z.number(), warmup: z.number() }),
    errors: ErrorCounts,
    throughput: z.object({
      requests_per_s: z.number(),
      output_tokens_per_s: z.number(),
      total_tokens_per_s: z.number(),
      goodput_per_s: z.number(),
    }),
    latency_ms: z.object({
      ttft: LatencyStats.nullable(),
      tpot: LatencyStats.nullable(),
      itl: LatencyStats.nullable(),
      e2e: LatencyStats.nullable(),
    }),
    tokens: z.object({
      input: z.number(),
      output: z.number(),
      source: z.enum(["usage", "counted"]),
    }),
    agents: z.array(
      z.object({
        agent_id: z.string(),
        address: z.string(),
        requests: z.number(),
        errors: z.number(),
      }),
    ),
  })
  .meta({ id: "GroupResults" });
export type GroupResults = z.infer<typeof GroupResults>;
