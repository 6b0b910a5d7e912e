import { z } from "zod";

export const MAX_HEADERS = 64;

/** RFC 9110 token characters: anything else would make every request of the run fail. */
const HeaderName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "header names are letters, digits and !#$%&'*+.^_`|~-");
const HeaderValue = z
  .string()
  .max(4096)
  .regex(/^[^\r\n\0\u0100-\uffff]*$/, "header values are Latin-1 text without CR, LF or NUL");

/**
 * The load a group puts on the AI server. Every field is optional: the defaults reproduce the
 * original client (each virtual client sends one prompt, max_tokens 500, temperature 0.7).
 */
export const TargetSpec = z
  .object({
    base_url: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .max(2048)
      .optional()
      .meta({ description: "AI server address; defaults to the service's server_addr" }),
    kind: z.enum(["openai", "aif-server"]).default("openai"),
    api: z.enum(["completions", "chat"]).default("completions"),
    model: z.string().min(1).max(256).default("mock-model"),
    service_id: z.string().min(1).max(128).optional().meta({
      description: "aif-server: an existing vLLM service to prompt instead of creating one",
    }),
    headers: z
      .record(HeaderName, HeaderValue)
      .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, {
        message: `at most ${MAX_HEADERS} headers`,
      })
      .optional(),
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

/** The default cap on requests one agent keeps open in an open-loop run. */
export const DEFAULT_MAX_IN_FLIGHT = 10_000;

/** The load's shape without its cross-field rules; run overrides take it field by field. */
export const LoadShapeFields = z
  .object({
    pattern: LoadPattern.default("closed").meta({
      description:
        "closed: each virtual client sends its next request when its answer is in; constant, poisson, gamma: open loop, requests sent at `rate` whether or not earlier ones have answered",
    }),
    rate: z.number().positive().max(1_000_000).optional().meta({
      description:
        "open loop only (required there): requests/s for the whole group; each of its agents sends rate / nodes",
    }),
    burstiness: z.number().positive().max(1000).default(1).meta({
      description:
        "gamma only: shape of the gamma inter-arrival times (vLLM's --burstiness); 1 is Poisson, below 1 burstier, above 1 more regular",
    }),
    duration_s: z
      .number()
      .positive()
      .max(7 * 24 * 3600)
      .optional()
      .meta({ description: "how long the load lasts, warm-up included" }),
    requests: z.number().int().min(1).max(100_000_000).optional().meta({
      description:
        "total requests of the group, warm-up included; default: one per virtual client unless duration_s is given",
    }),
    warmup_s: z
      .number()
      .min(0)
      .max(24 * 3600)
      .default(0)
      .meta({ description: "requests started in the first warmup_s seconds are not measured" }),
    ramp_up_s: z
      .number()
      .min(0)
      .max(24 * 3600)
      .default(0)
      .meta({
        description:
          "closed loop: client starts spread over it; open loop: the rate climbs linearly from 0 to rate over it",
      }),
    timeout_s: z
      .number()
      .positive()
      .max(24 * 3600)
      .default(300)
      .meta({ description: "per request" }),
    max_in_flight: z.number().int().min(1).max(1_000_000).default(DEFAULT_MAX_IN_FLIGHT).meta({
      description:
        "open loop: a safety cap on one agent's open requests; requests due while it is reached are skipped and counted (schedule.not_sent), never delayed",
    }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional()
      .meta({
        description:
          "open loop: seeds the arrival times (agent i uses seed + i) for a repeatable schedule",
      }),
    records: z.boolean().default(false).meta({
      description:
        "keep one JSON line per request on each agent and upload them; read them at GET /client-group/{id}/records",
    }),
  })
  .strict();

/**
 * The load a group puts on the AI server. An open-loop pattern needs a `rate`; a closed loop,
 * whose pace is set by the server's answers, must not have one.
 */
export const LoadShape = LoadShapeFields.superRefine((load, ctx) => {
  if (load.pattern !== "closed" && load.rate === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["rate"],
      message: `required for the open-loop pattern "${load.pattern}" (requests/s for the whole group)`,
    });
  }
  if (load.pattern === "closed" && load.rate !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["rate"],
      message:
        'a closed loop has no rate (its clients wait for each answer); use pattern "constant", "poisson" or "gamma" for a rate',
    });
  }
});
export type LoadShape = z.infer<typeof LoadShape>;

/** An SLO longer than a day would never be missed by a request that ends. */
const SloMs = z
  .number()
  .positive()
  .max(24 * 3600 * 1000)
  .optional();

export const SloSpec = z.object({ ttft_ms: SloMs, tpot_ms: SloMs, e2e_ms: SloMs }).strict();
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
