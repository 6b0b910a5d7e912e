import { z } from "zod";
import { LoadShape, SloSpec, TargetSpec, WorkloadSpec } from "./load-spec.ts";

/** Ids are JSON-safe integers, as in the original (FastAPI `int` path parameter). */
export const BenchmarkId = z
  .number()
  .int("benchmark_id must be an integer")
  .min(0, "benchmark_id must not be negative")
  .max(Number.MAX_SAFE_INTEGER, "benchmark_id must be at most 2^53-1");

export const BenchmarkIdParams = z.object({
  benchmark_id: z
    .string()
    .regex(/^\d{1,16}$/, "benchmark_id must be a non-negative integer")
    .transform(Number)
    .pipe(BenchmarkId)
    .meta({ param: { name: "benchmark_id", in: "path" }, example: "42" }),
});

export const GROUP_STATES = [
  "submitted",
  "queued",
  "starting",
  "ready",
  "running",
  "completed",
  "failed",
  "cancelled",
] as const;
export const GroupState = z.enum(GROUP_STATES);
export type GroupState = z.infer<typeof GroupState>;

export const MAX_CLIENTS = 100_000;
export const MAX_NODES = 1024;
export const MAX_TIME_LIMIT_MIN = 7 * 24 * 60;

export const CreateGroupBody = z
  .object({
    num_clients: z.number().int().min(1).max(MAX_CLIENTS),
    time_limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIME_LIMIT_MIN)
      .default(5)
      .meta({ description: "Slurm time limit in minutes" }),
    nodes: z.number().int().min(1).max(MAX_NODES).default(1).meta({
      description: "agents (Slurm tasks) sharing the clients",
    }),
    target: TargetSpec.optional(),
    workload: WorkloadSpec.optional(),
    load: LoadShape.optional(),
    slo: SloSpec.optional(),
  })
  .strict()
  .meta({ id: "CreateGroup" });
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;

export const AgentInfo = z
  .object({
    agent_id: z.string(),
    task_index: z.number().int(),
    address: z.string(),
    registered_at: z.number(),
    num_clients: z.number().int(),
    state: z.enum(["registered", "running", "done", "failed"]),
    requests: z.number().int(),
    errors: z.number().int(),
  })
  .meta({ id: "Agent" });
export type AgentInfo = z.infer<typeof AgentInfo>;

export const Transition = z.object({
  state: GroupState,
  at: z.number().meta({ description: "unix time, seconds" }),
  reason: z.string().nullable(),
});
export type Transition = z.infer<typeof Transition>;

export const GroupInfo = z
  .object({
    num_clients: z.number().int(),
    nodes: z.number().int(),
    time_limit: z.number().int(),
    client_address: z.array(z.string()).meta({ description: "registered agent addresses" }),
    created_at: z.number(),
    state: GroupState,
    reason: z.string().nullable(),
    job_id: z.string(),
    slurm_state: z.string().nullable().meta({ description: "Slurm's job state (squeue %T)" }),
    slurm_reason: z
      .string()
      .nullable()
      .meta({ description: "Slurm's reason, e.g. why the job is still pending" }),
    agents: z.array(AgentInfo),
    transitions: z.array(Transition),
    progress: z.object({
      requests: z.number().int(),
      errors: z.number().int(),
      rate_per_s: z.number().meta({
        description: "requests finished per second over the agents' last progress window",
      }),
      ttft_p50_ms: z.number().optional().meta({
        description:
          "while running: median TTFT so far, from the agents' progress (several agents: their medians weighted by finished requests)",
      }),
    }),
  })
  .meta({ id: "GroupInfo" });
export type GroupInfo = z.infer<typeof GroupInfo>;

export const GroupResponse = z
  .object({ benchmark_id: z.number().int(), info: GroupInfo })
  .meta({ id: "Group" });

export const CreatedResponse = z.object({
  status: z.literal("created"),
  benchmark_id: z.number().int(),
  num_clients: z.number().int(),
  job_id: z.string(),
});

export const ConnectBody = z
  .object({
    client_address: z
      .url({ protocol: /^https?$/, error: "client_address must be an http(s) URL" })
      .max(512),
    task_index: z
      .number()
      .int()
      .min(0)
      .max(MAX_NODES - 1)
      .default(0),
  })
  .strict()
  .meta({ id: "Connect" });
export type ConnectBody = z.infer<typeof ConnectBody>;

export const UpdatePreferences = z
  .object({ interval_ms: z.number().int().min(10).max(3_600_000).default(1000) })
  .strict();

const HOST_FORMATS = [z.ipv4(), z.ipv6(), z.hostname()];

/**
 * A host an observer listens on: an IPv4 or IPv6 literal or a DNS host name, nothing else. The
 * service and the agent check it the same way, so the service never forwards what an agent refuses.
 */
export const ObserverHost = z
  .string()
  .min(1)
  .max(253)
  .refine(
    (host) => HOST_FORMATS.some((format) => format.safeParse(host).success),
    "must be an IP address or a host name",
  );

export const ObserverBody = z
  .object({
    ip_address: ObserverHost,
    port: z.number().int().min(1).max(65_535),
    update_preferences: UpdatePreferences.optional(),
  })
  .strict()
  .meta({ id: "Observer" });
export type ObserverBody = z.infer<typeof ObserverBody>;
