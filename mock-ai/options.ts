import { z } from "zod";

/** Flags and variables arrive as text; a blank one counts as unset, so `MOCK_AI_SEED=` keeps the default. */
const numeric = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    return v.trim() === "" ? undefined : Number(v);
  }, inner);

/**
 * How the mock AI server behaves. Each option is a CLI flag (`outputTokens` is
 * `--output-tokens`) and an environment variable (`MOCK_AI_OUTPUT_TOKENS`); the flag wins.
 */
export const MockAiOptions = z
  .object({
    port: numeric(z.number().int().min(0).max(65_535).default(8000)).describe(
      "0 picks a free port",
    ),
    host: z.string().min(1).default("127.0.0.1").describe("address to bind"),
    model: z.string().min(1).max(256).default("mock-model").describe("model name served"),
    ttftMs: numeric(z.number().min(0).max(3_600_000).default(20)).describe("time to first token"),
    itlMs: numeric(z.number().min(0).max(3_600_000).default(5)).describe("gap between tokens"),
    jitterMs: numeric(z.number().min(0).max(3_600_000).default(0)).describe(
      "seeded uniform +- jitter on every delay",
    ),
    outputTokens: numeric(z.number().int().min(1).max(1_000_000).optional()).describe(
      "tokens in every answer (capped by max_tokens); unset: max_tokens, else 16",
    ),
    errorRate: numeric(z.number().min(0).max(1).default(0)).describe(
      "fraction of requests answered 500",
    ),
    rate429: numeric(z.number().min(0).max(1).default(0)).describe(
      "fraction of requests answered 429 with a Retry-After header",
    ),
    retryAfterS: numeric(z.number().int().min(0).max(3600).default(1)).describe(
      "the Retry-After of a 429, in seconds",
    ),
    abortRate: numeric(z.number().min(0).max(1).default(0)).describe(
      "fraction of streams cut after a random number of tokens, without [DONE]",
    ),
    stallRate: numeric(z.number().min(0).max(1).default(0)).describe(
      "fraction of streams that pause once mid-stream",
    ),
    stallMs: numeric(z.number().min(0).max(3_600_000).default(1000)).describe(
      "how long a stalled stream pauses",
    ),
    seed: numeric(z.number().int().default(42)).describe("seed of jitter and faults"),
  })
  .strict();
export type MockAiOptions = z.infer<typeof MockAiOptions>;

type OptionKey = keyof MockAiOptions;
const KEYS = Object.keys(MockAiOptions.shape) as OptionKey[];

/** `ttftMs` → `--ttft-ms`, `rate429` → `--rate-429`. */
const flagOf = (key: OptionKey) =>
  `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/([a-z])(\d)/g, "$1-$2")}`;
const envOf = (key: OptionKey) =>
  `MOCK_AI_${flagOf(key).slice(2).replaceAll("-", "_").toUpperCase()}`;

export const MOCK_AI_USAGE = [
  "usage: bun run mock-ai [options]",
  ...KEYS.map(
    (key) =>
      `  ${flagOf(key).padEnd(17)} ${MockAiOptions.shape[key].description} (env ${envOf(key)})`,
  ),
].join("\n");

export type ParsedMockAiArgs =
  | { ok: true; options: MockAiOptions }
  | { ok: false; help: boolean; error: string };

/**
 * Reads the mock's options from command-line flags (`--ttft-ms 50` or `--ttft-ms=50`) and
 * `MOCK_AI_*` environment variables; flags win over the environment, which wins over the
 * defaults. Returns an error sentence naming the flag instead of throwing, e.g.
 * `parseMockAiArgs(["--error-rate", "2"], {})` → `{ ok: false, error: "--error-rate: ..." }`.
 */
export function parseMockAiArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ParsedMockAiArgs {
  const raw: Record<string, string | undefined> = {};
  for (const key of KEYS) raw[key] = env[envOf(key)];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") return { ok: false, help: true, error: MOCK_AI_USAGE };
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const key = KEYS.find((k) => flagOf(k) === flag);
    if (key === undefined) {
      return { ok: false, help: false, error: `Unknown argument ${arg}\n${MOCK_AI_USAGE}` };
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) return { ok: false, help: false, error: `${flag} needs a value` };
    raw[key] = value;
  }
  const parsed = MockAiOptions.safeParse(raw);
  if (parsed.success) return { ok: true, options: parsed.data };
  const error = parsed.error.issues
    .map((issue) => {
      const key = issue.path[0] as OptionKey;
      return `${flagOf(key)} (${envOf(key)}): ${issue.message} (got ${JSON.stringify(raw[key])})`;
    })
    .join("; ");
  return { ok: false, help: false, error };
}

/** Fills in the defaults for options given in code (tests, the service's embedded mock). */
export function mockAiOptions(given: Partial<MockAiOptions> = {}): MockAiOptions {
  const parsed = MockAiOptions.safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`mock-ai option ${String(issue?.path[0])}: ${issue?.message}`);
}
