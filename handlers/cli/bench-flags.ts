import { readFileSync } from "node:fs";
import type { ZodError } from "zod";
import { CreateGroupBody } from "../../core/schemas/group.ts";
import {
  COMMON_FLAGS,
  type CommonOptions,
  commonOptions,
  FlagError,
  type FlagSpec,
  numberFlag,
  type ParsedFlags,
  stringFlag,
} from "./cli-flags.ts";

/** Every flag of a run, and the CreateGroupBody field it sets ("" for the CLI's own). */
const SPEC_FLAGS = {
  clients: "num_clients",
  nodes: "nodes",
  "time-limit": "time_limit",
  target: "target.base_url",
  kind: "target.kind",
  api: "target.api",
  model: "target.model",
  "service-id": "target.service_id",
  header: "target.headers",
  prompt: "workload.prompts",
  "prompts-file": "workload.prompts",
  "max-tokens": "workload.max_tokens",
  temperature: "workload.temperature",
  stream: "workload.stream",
  "no-stream": "workload.stream",
  pattern: "load.pattern",
  rate: "load.rate",
  burstiness: "load.burstiness",
  duration: "load.duration_s",
  requests: "load.requests",
  warmup: "load.warmup_s",
  "ramp-up": "load.ramp_up_s",
  timeout: "load.timeout_s",
  "max-in-flight": "load.max_in_flight",
  seed: "load.seed",
  records: "load.records",
  "slo-ttft-ms": "slo.ttft_ms",
  "slo-tpot-ms": "slo.tpot_ms",
  "slo-e2e-ms": "slo.e2e_ms",
} as const;

const BOOLEAN_FLAGS = new Set(["stream", "no-stream", "records"]);
const MULTIPLE_FLAGS = new Set(["header", "prompt"]);
const TEXT_FLAGS = new Set(["target", "kind", "api", "model", "service-id", "pattern"]);

/** The flags of `bench` (one run) and `bench sweep`: the load spec, the outputs, the common ones. */
export const RUN_FLAGS: FlagSpec = {
  ...COMMON_FLAGS,
  ...Object.fromEntries(
    Object.keys(SPEC_FLAGS).map((flag) => [
      flag,
      { type: BOOLEAN_FLAGS.has(flag) ? "boolean" : "string", multiple: MULTIPLE_FLAGS.has(flag) },
    ]),
  ),
  id: { type: "string" },
  out: { type: "string" },
  csv: { type: "string" },
  html: { type: "string" },
  "poll-ms": { type: "string" },
};

export type RunOptions = CommonOptions & {
  /** The benchmark id to create; unset: one more than the highest the service knows. */
  id: number | undefined;
  body: CreateGroupBody;
  out: string | undefined;
  csv: string | undefined;
  html: string | undefined;
  pollMs: number;
};

/** Sets `path` (dotted) in `target`, creating the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

/** One prompt per line; a JSON line may be a string or an object with a `prompt` field. */
export function readPromptsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new FlagError(`--prompts-file: cannot read ${path}: ${(error as Error).message}`);
  }
  const prompts = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed === "string") return parsed;
        const prompt = (parsed as { prompt?: unknown } | null)?.prompt;
        if (typeof prompt === "string") return prompt;
      } catch {
        // Plain text: the line is the prompt.
      }
      return line;
    });
  if (prompts.length === 0) throw new FlagError(`--prompts-file: ${path} has no prompts`);
  return prompts;
}

function headersOf(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new FlagError(`--header: expected "Name: value", got "${line}"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The flag that sets a field the schema refused, e.g. `load.rate` → `--rate`. */
function flagOf(path: PropertyKey[]): string {
  const dotted = path.map(String).join(".");
  for (const [flag, field] of Object.entries(SPEC_FLAGS)) {
    if (dotted === field || dotted.startsWith(`${field}.`)) return `--${flag}`;
  }
  return dotted;
}

function describeSpecError(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${flagOf(issue.path)}: ${issue.message}`)
    .join("; ");
}

/**
 * The group a run's flags describe, checked with the service's own schema so a bad value is
 * refused before anything is created, with a message naming the flag (`--rate: ...`).
 * `--rate` without `--pattern` means Poisson arrivals, as vLLM's `--request-rate` does;
 * `--csv` and `--html` turn on per-request records.
 */
export function specFromFlags(values: ParsedFlags["values"]): CreateGroupBody {
  const raw: Record<string, unknown> = { num_clients: 1 };
  for (const [flag, field] of Object.entries(SPEC_FLAGS)) {
    const value = values[flag];
    if (value === undefined || flag === "prompts-file") continue;
    if (flag === "header") setPath(raw, field, headersOf(value as string[]));
    else if (flag === "prompt") setPath(raw, field, value);
    else if (flag === "no-stream") setPath(raw, field, false);
    else if (BOOLEAN_FLAGS.has(flag)) setPath(raw, field, value);
    else if (TEXT_FLAGS.has(flag)) setPath(raw, field, value);
    else setPath(raw, field, numberFlag(flag, value as string));
  }
  const promptsFile = stringFlag(values, "prompts-file");
  if (promptsFile !== undefined) {
    const fromFile = readPromptsFile(promptsFile);
    const typed = (values.prompt as string[] | undefined) ?? [];
    setPath(raw, "workload.prompts", [...typed, ...fromFile]);
  }
  if (values.rate !== undefined && values.pattern === undefined) {
    setPath(raw, "load.pattern", "poisson");
  }
  if (values.csv !== undefined || values.html !== undefined) setPath(raw, "load.records", true);
  const parsed = CreateGroupBody.safeParse(raw);
  if (!parsed.success) throw new FlagError(describeSpecError(parsed.error));
  return parsed.data;
}

/** Everything `bench` needs from its command line and environment. */
export function runOptionsFromFlags(
  flags: ParsedFlags,
  env: Record<string, string | undefined>,
): RunOptions {
  const { values } = flags;
  if (flags.positionals.length > 0) {
    throw new FlagError(`unexpected arguments: ${flags.positionals.join(" ")}`);
  }
  const idText = stringFlag(values, "id");
  const id = idText === undefined ? undefined : numberFlag("id", idText);
  if (id !== undefined && (!Number.isSafeInteger(id) || id < 0)) {
    throw new FlagError(`--id: must be a non-negative integer, got "${idText}"`);
  }
  const pollText = stringFlag(values, "poll-ms");
  const pollMs = pollText === undefined ? 1000 : numberFlag("poll-ms", pollText);
  if (pollMs < 50 || pollMs > 60_000) throw new FlagError("--poll-ms: must be within 50..60000");
  return {
    ...commonOptions(values, env),
    id,
    body: specFromFlags(values),
    out: stringFlag(values, "out"),
    csv: stringFlag(values, "csv"),
    html: stringFlag(values, "html"),
    pollMs,
  };
}
