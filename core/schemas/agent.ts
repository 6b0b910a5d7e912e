import { z } from "zod";
import { UpdatePreferences } from "./group.ts";
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
  })
  .meta({ id: "AgentStatus" });
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentObserverBody = z
  .object({
    ip_address: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535),
    update_preferences: UpdatePreferences.optional(),
  })
  .strict();

/** One observer notification, POSTed as JSON to `http://{ip_address}:{port}/update`. */
export const ObserverUpdate = z.object({
  benchmark_id: z.number().int(),
  task_index: z.number().int(),
  run_id: z.string(),
  request: z.object({
    ok: z.boolean(),
    error: z.string().nullable(),
    ttft_ms: z.number().nullable(),
    e2e_ms: z.number(),
    output_tokens: z.number().int(),
  }),
  totals: z.object({ completed: z.number().int(), failed: z.number().int() }),
});
export type ObserverUpdate = z.infer<typeof ObserverUpdate>;

/** Progress an agent posts to the service while it runs. */
export const AgentProgress = z
  .object({
    task_index: z.number().int().min(0),
    run_id: z.string().min(1).max(64),
    completed: z.number().int().min(0),
    failed: z.number().int().min(0),
  })
  .strict();
export type AgentProgress = z.infer<typeof AgentProgress>;
