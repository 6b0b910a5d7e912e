import { parseArgs } from "node:util";

/** A flag the user got wrong; the message names it (`--rate: expected a number, got "x"`). */
export class FlagError extends Error {
  override name = "FlagError";
}

export type FlagSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;

/** The flags every command takes: where the service is, its token, JSON output, help. */
export const COMMON_FLAGS = {
  service: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean" },
} as const satisfies FlagSpec;

export const DEFAULT_SERVICE = "http://127.0.0.1:8001";

export type CommonOptions = { service: string; token: string | undefined; json: boolean };

export type ParsedFlags = {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
};

/** `node:util` parseArgs in strict mode, its errors turned into FlagErrors. */
export function readFlags(argv: string[], flags: FlagSpec): ParsedFlags {
  try {
    const parsed = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new FlagError(error instanceof Error ? error.message : String(error));
  }
}

/** `--service` (else AIFC_SERVICE_URL, else 127.0.0.1:8001), `--token` (else AIFC_API_TOKEN), `--json`. */
export function commonOptions(
  values: ParsedFlags["values"],
  env: Record<string, string | undefined>,
): CommonOptions {
  const service = stringFlag(values, "service") ?? env.AIFC_SERVICE_URL ?? DEFAULT_SERVICE;
  if (!URL.canParse(service) || !/^https?:/.test(service)) {
    throw new FlagError(`--service: expected a URL such as ${DEFAULT_SERVICE}, got "${service}"`);
  }
  return {
    service,
    token: stringFlag(values, "token") ?? (env.AIFC_API_TOKEN || undefined),
    json: values.json === true,
  };
}

export function stringFlag(values: ParsedFlags["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** A number the user typed, or a FlagError naming the flag. */
export function numberFlag(flag: string, text: string): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new FlagError(`--${flag}: expected a number, got "${text}"`);
  return value;
}

/** A comma-separated list of numbers (`--rates 5,10,20`). */
export function numberListFlag(flag: string, text: string): number[] {
  const values = text.split(",").map((part) => numberFlag(flag, part));
  if (values.length === 0) throw new FlagError(`--${flag}: expected numbers such as 1,4,16`);
  return values;
}

/** The one positional a command like `status ID` needs: a benchmark id. */
export function benchmarkIdArgument(command: string, positionals: string[]): number {
  const [text, ...rest] = positionals;
  if (text === undefined)
    throw new FlagError(`${command}: expected a benchmark id, e.g. ${command} 7`);
  if (rest.length > 0) throw new FlagError(`${command}: unexpected arguments: ${rest.join(" ")}`);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new FlagError(
      `${command}: the benchmark id must be a non-negative integer, got "${text}"`,
    );
  }
  return Number(text);
}
