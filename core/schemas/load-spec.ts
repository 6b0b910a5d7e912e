import { z } from "zod";

/**
 * The load a group puts on the AI server. Every field is optional: the defaults reproduce the
 * original client (each virtual client sends one prompt, max_tokens 500, temperature 0.7).
 */
export const TargetSpec = z
  .object({
    base_url: z
      .url()
      .optional()
      .meta({ description: "AI server address; defaults to the service's server_addr" }),
    kind: z.enum(["openai", "aif-server"]).default("openai"),
    api: z.enum(["completions", "chat"]).default("completions"),
    model: z.string().min(1).max(256).default("mock-model"),
    service_id: z.string().min(1).max(128).optional().meta({
      description: "aif-server: an existing vLLM service to prompt instead of creating one",
    }),
    headers: z.record(z.string().max(256), z.string().max(4096)).optional(),
  })
  .strict();
export type TargetSpec = z.infer<typeof TargetSpec>;

export const MAX_PROMPTS = 10_000;
export const MAX_PROMPT_CHARS = 200_000;

export const WorkloadSpec = z
  .object({
    prompts: z
      .array(z.string().min(1).max(MAX_PROMPT_CHARS))
      .min(1)
      .max(MAX_PROMPTS)
      .default(["Explain what a Slurm job array is in two sentences."]),
    max_tokens: z.number().int().min(1).max(131_072).default(500),
    temperature: z.number().min(0).max(2).default(0.7),
    stream: z.boolean().default(true),
  })
  .strict();
export type WorkloadSpec = z.infer<typeof WorkloadSpec>;

export const LoadPattern = z.enum(["closed", "constant", "poisson", "gamma"]);

export const LoadShape = z
  .object({
    pattern: LoadPattern.default("closed"),
    rate: z
      .number()
      .positive()
      .max(1_000_000)
      .optional()
      .meta({ description: "requests/s (open loop)" }),
    burstiness: z.number().positive().max(1000).default(1).meta({ description: "gamma shape" }),
    duration_s: z
      .number()
      .positive()
      .max(7 * 24 * 3600)
      .optional(),
    requests: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .optional()
      .meta({ description: "total requests; default: one per virtual client" }),
    warmup_s: z
      .number()
      .min(0)
      .max(24 * 3600)
      .default(0),
    ramp_up_s: z
      .number()
      .min(0)
      .max(24 * 3600)
      .default(0),
    timeout_s: z
      .number()
      .positive()
      .max(24 * 3600)
      .default(300),
  })
  .strict();
export type LoadShape = z.infer<typeof LoadShape>;

export const SloSpec = z
  .object({
    ttft_ms: z.number().positive().optional(),
    tpot_ms: z.number().positive().optional(),
    e2e_ms: z.number().positive().optional(),
  })
  .strict();
export type SloSpec = z.infer<typeof SloSpec>;

/** What an agent needs to run: the group's stored spec, with any per-run overrides applied. */
export const LoadSpec = z
  .object({
    target: TargetSpec.default(TargetSpec.parse({})),
    workload: WorkloadSpec.default(WorkloadSpec.parse({})),
    load: LoadShape.default(LoadShape.parse({})),
    slo: SloSpec.default({}),
  })
  .strict();
export type LoadSpec = z.infer<typeof LoadSpec>;
