import { parseArgs } from "node:util";
import { z } from "zod";
import { TIER_NAMES, type Tier } from "./tiers.ts";

export const RUN_USAGE = `Usage: tests/run [mode] [options]        (or: bun tests/run.ts [mode] [options])
Modes (default: unit; several may be given):
  --unit            every handler, core module and adapter alone, with fakes
  --integration     real processes on loopback (mock AI server, service, agents)
  --slurm           against a real Slurm (skipped with a message where sbatch is missing)
  --container       Apptainer (skipped with a message where apptainer is missing)
  --all             every tier this machine can run
Options:
  --module NAME     only test files whose path contains NAME (e.g. groups, mock-ai, slurm/local)
  --pattern REGEX   only tests whose name matches REGEX
  --coverage        coverage of the code the test processes ran: bun's text table per tier, then
                    coverage/lcov.info (merged over the tiers run) and coverage/html/index.html
  --failfast        stop at the first failure
  --verbose         show every test, not only failures
  --list-modules    list the test files of the chosen tiers and exit
  --help            this text
A run ends with the line "N passed, N failed, N skipped".`;

export const RunOptions = z.object({
  tiers: z.array(z.enum(TIER_NAMES as [Tier, ...Tier[]])).min(1),
  module: z.string().min(1, "--module needs a NAME").optional(),
  pattern: z
    .string()
    .min(1, "--pattern needs a REGEX")
    .refine((value) => {
      try {
        new RegExp(value);
        return true;
      } catch {
        return false;
      }
    }, "--pattern is not a valid regular expression")
    .optional(),
  coverage: z.boolean(),
  failfast: z.boolean(),
  verbose: z.boolean(),
  listModules: z.boolean(),
});
export type RunOptions = z.infer<typeof RunOptions>;

export type ParsedRunArgs =
  | { kind: "help" }
  | { kind: "run"; options: RunOptions }
  | { kind: "error"; message: string };

/**
 * Reads the runner's command line. Modes may be combined (`--unit --integration`); none means
 * the unit tier. A bad flag or value is an error naming it, never a throw.
 *
 * @example
 * parseRunArgs(["--module", "mock-ai", "--coverage"]) // { kind: "run", options: { tiers: ["unit"], ... } }
 */
export function parseRunArgs(argv: string[]): ParsedRunArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        unit: { type: "boolean" },
        integration: { type: "boolean" },
        slurm: { type: "boolean" },
        container: { type: "boolean" },
        all: { type: "boolean" },
        module: { type: "string" },
        pattern: { type: "string" },
        coverage: { type: "boolean" },
        failfast: { type: "boolean" },
        verbose: { type: "boolean" },
        "list-modules": { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: "help" };
  const modes = TIER_NAMES.filter((tier) => values[tier]);
  const result = RunOptions.safeParse({
    tiers: values.all ? TIER_NAMES : modes.length > 0 ? modes : ["unit"],
    module: values.module,
    pattern: values.pattern,
    coverage: values.coverage === true,
    failfast: values.failfast === true,
    verbose: values.verbose === true,
    listModules: values["list-modules"] === true,
  });
  if (!result.success) {
    return { kind: "error", message: result.error.issues.map((i) => i.message).join("; ") };
  }
  return { kind: "run", options: result.data };
}
