/**
 * The test runner: runs the chosen tiers, each in its own `bun test` process, and ends with the
 * line `N passed, N failed` (CI reads that line, not bun's own summary).
 *
 *   bun tests/run.ts                  unit tier (fakes only; fast)
 *   bun tests/run.ts --integration    integration tier (real processes on loopback)
 *   bun tests/run.ts --slurm          real-Slurm tier (skipped with a message where sbatch is missing)
 *   bun tests/run.ts --container      Apptainer tier (skipped with a message where apptainer is missing)
 *   bun tests/run.ts --all            every tier this machine can run
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dir, "..");
const TIERS = {
  unit: { dir: "tests/unit", timeoutMs: 30_000, needs: null },
  integration: { dir: "tests/integration", timeoutMs: 120_000, needs: null },
  slurm: { dir: "tests/slurm", timeoutMs: 300_000, needs: "sbatch" },
  container: { dir: "tests/container", timeoutMs: 600_000, needs: "apptainer" },
} as const;
type Tier = keyof typeof TIERS;

const USAGE = `Usage: bun tests/run.ts [mode] [options]
Modes (default: unit):  --integration  --slurm  --container  --all
Options:
  --module NAME     only test files whose path contains NAME (e.g. groups, mock-ai, slurm/local)
  --pattern REGEX   only tests whose name matches REGEX
  --coverage        coverage report (text and lcov under ./coverage)
  --failfast        stop at the first failure
  --verbose         show every test, not only failures
  --list-modules    list the test files of the chosen tiers and exit
  --help            this text`;

function testFiles(dir: string): string[] {
  const full = join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && statSync(join(full, f)).isFile())
    .map((f) => join(dir, f))
    .sort();
}

function countsFrom(output: string) {
  const count = (word: string) =>
    Number(new RegExp(`^\\s*(\\d+) ${word}$`, "m").exec(output)?.[1] ?? 0);
  return { passed: count("pass"), failed: count("fail"), skipped: count("skip") };
}

async function runTier(tier: Tier, files: string[], options: Record<string, unknown>) {
  const args = [
    process.execPath,
    "test",
    `--timeout=${TIERS[tier].timeoutMs}`,
    ...files.map((f) => `./${f}`),
  ];
  if (options.failfast) args.push("--bail=1");
  if (options.pattern) args.push(`--test-name-pattern=${options.pattern}`);
  if (options.coverage)
    args.push("--coverage", "--coverage-reporter=text", "--coverage-reporter=lcov");
  // Integration tests start servers and agents: run their files one after another.
  if (tier !== "unit") args.push("--max-concurrency=1");
  const child = Bun.spawn(args, { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: process.env });
  const [out, err] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const exitCode = await child.exited;
  const text = `${out}${err}`;
  const shown = options.verbose
    ? text
    : text
        .split("\n")
        .filter((l) => !l.startsWith("(pass)"))
        .join("\n");
  process.stdout.write(shown.endsWith("\n") ? shown : `${shown}\n`);
  const counts = countsFrom(text);
  // A crash before bun's summary must not read as "0 failed".
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

async function main() {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
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
  });
  if (values.help) return console.log(USAGE);
  const chosen: Tier[] = values.all
    ? ["unit", "integration", "slurm", "container"]
    : (["integration", "slurm", "container"] as const).filter((t) => values[t]);
  if (chosen.length === 0) chosen.push("unit");

  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const tier of chosen) {
    const files = testFiles(TIERS[tier].dir).filter(
      (f) => !values.module || f.includes(values.module),
    );
    if (values["list-modules"]) {
      for (const f of files) console.log(relative(ROOT, join(ROOT, f)));
      continue;
    }
    const needs = TIERS[tier].needs;
    if (needs && !Bun.which(needs)) {
      console.log(`== ${tier} tier SKIPPED: \`${needs}\` is not on PATH on this machine ==`);
      continue;
    }
    if (files.length === 0) {
      console.log(
        `== ${tier} tier: no test files${values.module ? ` matching ${values.module}` : ""} ==`,
      );
      continue;
    }
    console.log(`== ${tier} tier: ${files.length} file(s) ==`);
    const counts = await runTier(tier, files, values);
    console.log(
      `== ${tier}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped ==`,
    );
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    if (values.failfast && counts.failed > 0) break;
  }
  if (values["list-modules"]) return;
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

await main();
