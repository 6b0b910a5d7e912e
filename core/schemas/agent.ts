import { z } from "zod";
import { ObserverHost, UpdatePreferences } from "./group.ts";
import { LoadSpec } from "./load-spec.ts";

/** What the service sends to each agent's `POST /run`. */
export const AgentRunRequest = z
  .object({
    run_id: z.string().min(1).max(64),
    base_url: z.url().meta({ description: "the AI server, resolved by the service" }),
    spec: LoadSpec,
  })
  .strict()
  .meta({ id: "AgentRun" });
export type AgentRunRequest = z.infer<typeof AgentRunRequest>;

export const AgentPhase = z.enum(["idle", "running", "stopping", "done"]);
export type AgentPhase = z.infer<typeof AgentPhase>;

export const AgentStatus = z
  .object({
    benchmark_id: z.number().int(),
    task_index: z.number().int(),
    num_clients: z.number().int(),
    server_addr: z.string(),
    client_service_addr: z.string(),
    local_address: z.string(),
    created_at: z.number(),
    phase: AgentPhase,
    run_id: z.string().nullable(),
    requests: z.object({ completed: z.number().int(), failed: z.number().int() }),
    observers: z.number().int(),
    observer_updates: z
      .object({ sent: z.number().int(), failed: z.number().int(), dropped: z.number().int() })
      .meta({ description: "observer updates delivered, failed, and dropped because one lagged" }),
  })
  .meta({ id: "AgentStatus" });
export type AgentStatus = z.infer<typeof AgentStatus>;

/** An observer's host as the agent accepts it: the same rule as the service's. */
export const AgentObserverHost = ObserverHost;

export const AgentObserverBody = z
  .object({
    ip_address: AgentObserverHost,
    port: z.number().int().min(1).max(65_535),
    update_preferences: UpdatePreferences.optional(),
  })
  .strict();
export type AgentObserverBody = z.infer<typeof AgentObserverBody>;

const Count = z.number().int().min(0);

/** What the load did over a span of time; latencies are over the ok requests, null with none. */
export const ObserverStats = z.object({
  /** Finished requests, warm-up ones excluded. */
  requests: Count,
  completed: Count,
  failed: Count,
  /** Requests sent inside the warm-up window: counted here, left out of everything else. */
  warmup: Count,
  errors: z.record(z.string(), Count).meta({ description: "failed requests by error class" }),
  output_tokens: Count,
  duration_s: z.number().min(0),
  requests_per_s: z.number().min(0).meta({ description: "completed requests per second" }),
  output_tokens_per_s: z.number().min(0),
  ttft_ms: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }),
  e2e_ms: z.object({ p50: z.number().nullable() }),
});
export type ObserverStats = z.infer<typeof ObserverStats>;

/**
 * One observer update, POSTed as JSON to `http://{ip_address}:{port}/update` every
 * `update_preferences.interval_ms` while a run is in progress and once more (`final: true`)
 * when it ends. Times are unix seconds.
 */
export const ObserverUpdate = z
  .object({
    benchmark_id: z.number().int(),
    task_index: z.number().int(),
    run_id: z.string(),
    /** 1, 2, 3, ... per observer; a gap means updates were dropped because it lagged. */
    seq: z.number().int().min(1),
    final: z.boolean(),
    sent_at: z.number(),
    run_started_at: z.number(),
    /** Since this observer's previous update (or since it was registered, or the run started). */
    window: ObserverStats.extend({ from: z.number(), to: z.number() }),
    /** Since the run started. */
    totals: ObserverStats,
    /** Updates for this observer dropped so far because its queue was full. */
    dropped: Count,
  })
  .meta({ id: "ObserverUpdate" });
export type ObserverUpdate = z.infer<typeof ObserverUpdate>;

/** Progress an agent posts to the service while it runs. */
export const AgentProgress = z
  .object({
    task_index: z.number().int().min(0),
    run_id: z.string().min(1).max(64),
    completed: z.number().int().min(0),
    failed: z.number().int().min(0),
    rate_per_s: z.number().min(0).max(100_000_000).optional().meta({
      description: "requests finished per second over the agent's last few seconds",
    }),
    ttft_p50_ms: z.number().min(0).max(86_400_000).optional().meta({
      description: "median TTFT of the run's ok requests so far (warm-up excluded)",
    }),
  })
  .strict();
export type AgentProgress = z.infer<typeof AgentProgress>;
