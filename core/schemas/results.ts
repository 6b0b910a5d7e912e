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

export const ErrorCounts = z
  .record(z.string().min(1).max(64), z.number().int().min(0))
  .refine((counts) => Object.keys(counts).length <= 64, "at most 64 error classes");

/** Unix seconds up to the year 5138: far beyond any run, short of absurd. */
const MAX_UNIX_S = 1e11;

/**
 * An encoded histogram is a few KiB; 128 KiB leaves a wide margin, and seven of them still fit
 * the service's default 1 MiB body limit, so a valid report is never refused for its size.
 */
export const MAX_HISTOGRAM_CHARS = 131_072;

/**
 * One metric as an agent measured it: exact count, sum, min and max (so mean and extremes are
 * exact) and the distribution as an HdrHistogram (V2 compressed, base64) of whole
 * microseconds with 3 significant digits, which the service merges losslessly.
 */
export const LatencyDigest = z
  .object({
    count: z.number().int().min(1),
    sum: z.number().min(0).meta({ description: "milliseconds" }),
    min: z.number().min(0).meta({ description: "milliseconds" }),
    max: z.number().min(0).meta({ description: "milliseconds" }),
    histogram: z
      .string()
      .min(8)
      .max(MAX_HISTOGRAM_CHARS)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64")
      .meta({ description: "HdrHistogram V2 compressed, base64; µs, 3 significant digits" }),
  })
  .strict()
  .refine((d) => d.min <= d.max, { message: "min must not exceed max", path: ["min"] })
  .meta({ id: "LatencyDigest" });
export type LatencyDigest = z.infer<typeof LatencyDigest>;

/** The metrics an agent records; null where it had no value (e.g. no request succeeded). */
export const AgentLatency = z
  .object({
    ttft: LatencyDigest.nullable(),
    tpot: LatencyDigest.nullable(),
    itl: LatencyDigest.nullable(),
    e2e: LatencyDigest.nullable(),
    ttft_from_intended: LatencyDigest.nullable()
      .default(null)
      .meta({ description: "open loop: TTFT measured from the intended send time" }),
    e2e_from_intended: LatencyDigest.nullable()
      .default(null)
      .meta({ description: "open loop: E2E measured from the intended send time" }),
    schedule_lag: LatencyDigest.nullable()
      .default(null)
      .meta({ description: "open loop: actual minus intended send time" }),
  })
  .strict();
export type AgentLatency = z.infer<typeof AgentLatency>;
export const LATENCY_METRICS = [
  "ttft",
  "tpot",
  "itl",
  "e2e",
  "ttft_from_intended",
  "e2e_from_intended",
  "schedule_lag",
] as const satisfies ReadonlyArray<keyof AgentLatency>;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

export const OpenLoopPattern = z.enum(["constant", "poisson", "gamma"]);

/** How one agent kept to an open-loop schedule; warm-up requests are not counted. */
export const AgentSchedule = z
  .object({
    pattern: OpenLoopPattern,
    target_rate_per_s: z.number().positive().meta({ description: "this agent's share" }),
    sent: z.number().int().min(0),
    late: z.number().int().min(0).meta({ description: "sent later than the late threshold" }),
    not_sent: z
      .number()
      .int()
      .min(0)
      .meta({ description: "due while max_in_flight requests were open; skipped, not delayed" }),
    window_s: z
      .number()
      .min(0)
      .meta({ description: "from the end of the warm-up to the end of the schedule" }),
  })
  .strict();
export type AgentSchedule = z.infer<typeof AgentSchedule>;

/** What one agent uploads when its run ends. */
export const AgentReport = z
  .object({
    task_index: z.number().int().min(0),
    run_id: z.string().min(1).max(64),
    started_at: z.number().min(0).max(MAX_UNIX_S),
    finished_at: z.number().min(0).max(MAX_UNIX_S),
    partial: z.boolean().default(false),
    reason: z.string().max(2000).nullable().default(null),
    failed: z.boolean().default(false).meta({
      description:
        "nothing could be measured (the AI server was unreachable or could not be set up); reason says why",
    }),
    requests: z
      .object({
        completed: z.number().int().min(0),
        failed: z.number().int().min(0),
        warmup: z.number().int().min(0),
      })
      .strict(),
    errors: ErrorCounts,
    tokens: z
      .object({
        input: z.number().int().min(0),
        output: z.number().int().min(0),
        source: z.enum(["usage", "counted"]),
      })
      .strict(),
    good_requests: z.number().int().min(0),
    latency: AgentLatency,
    schedule: AgentSchedule.nullable().default(null),
  })
  .strict()
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

/** An open-loop run's schedule, merged over the agents; null for a closed loop. */
export const ScheduleResults = z.object({
  pattern: OpenLoopPattern,
  target_rate_per_s: z.number().meta({ description: "the group's rate (every agent's share)" }),
  achieved_rate_per_s: z.number().meta({ description: "requests sent per second of schedule" }),
  sent: z.number().int(),
  late: z.number().int(),
  late_threshold_ms: z.number(),
  not_sent: z.number().int().meta({ description: "skipped at the max_in_flight cap" }),
  window_s: z.number(),
});
export type ScheduleResults = z.infer<typeof ScheduleResults>;

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
    latency_ms: z
      .object({
        ttft: LatencyStats.nullable(),
        tpot: LatencyStats.nullable(),
        itl: LatencyStats.nullable(),
        e2e: LatencyStats.nullable(),
        ttft_from_intended: LatencyStats.nullable().meta({
          description:
            "open loop only: TTFT from the intended send time (corrects coordinated omission)",
        }),
        e2e_from_intended: LatencyStats.nullable().meta({
          description: "open loop only: E2E from the intended send time",
        }),
        schedule_lag: LatencyStats.nullable().meta({
          description: "open loop only: actual minus intended send time",
        }),
      })
      .meta({
        description:
          "from merged HdrHistograms: min, max and mean exact; percentiles and std within 0.05 % (1 µs resolution)",
      }),
    schedule: ScheduleResults.nullable(),
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

/**
 * One line of a run's per-request records (JSONL, `load.records: true`). Times are unix
 * milliseconds; durations milliseconds. Failed requests carry their error class.
 */
export const RequestRecordLine = z
  .object({
    task_index: z.number().int(),
    intended_at: z.number().meta({ description: "when the schedule wanted it sent" }),
    sent_at: z.number(),
    schedule_lag_ms: z.number(),
    ok: z.boolean(),
    status: z.number().int().nullable().meta({ description: "HTTP status, null without answer" }),
    error: ErrorClass.nullable(),
    ttft_ms: z.number().nullable(),
    e2e_ms: z.number(),
    itl_count: z.number().int().meta({ description: "gaps between content chunks" }),
    output_tokens: z.number().int(),
    input_tokens: z.number().int(),
    tokens_source: z.enum(["usage", "counted"]),
    warmup: z.boolean(),
  })
  .meta({ id: "RequestRecordLine" });
export type RequestRecordLine = z.infer<typeof RequestRecordLine>;
