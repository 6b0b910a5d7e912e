/**
 * The test runner: runs the chosen tiers, each in its own `bun test` process, and ends with the
 * line `N passed, N failed, N skipped` (CI reads that line, not bun's own summary).
 *
 *   tests/run                         unit tier (fakes only; fast); same as `bun tests/run.ts`
 *   tests/run --integration           integration tier (real processes on loopback)
 *   tests/run --slurm                 real-Slurm tier (skipped with a message where sbatch is missing)
 *   tests/run --container             Apptainer tier (skipped with a message where apptainer is missing)
 *   tests/run --all                   every tier this machine can run
 *   tests/run --module mock-ai --coverage    text table, coverage/lcov.info, coverage/html/index.html
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { tierCoverageDir, writeCoverageReport } from "./runner/coverage-report.ts";
import { parseRunArgs, RUN_USAGE, type RunOptions } from "./runner/run-options.ts";
import { countsFrom, countsLine, type TestCounts } from "./runner/test-counts.ts";
import { TIERS, type Tier, testFiles } from "./runner/tiers.ts";

const ROOT = resolve(import.meta.dir, "..");

async function runTier(tier: Tier, files: string[], options: RunOptions): Promise<TestCounts> {
  const args = [
    process.execPath,
    "test",
    `--timeout=${TIERS[tier].timeoutMs}`,
    ...files.map((f) => `./${f}`),
  ];
  if (options.failfast) args.push("--bail=1");
  if (options.pattern) args.push(`--test-name-pattern=${options.pattern}`);
  if (options.coverage) {
    const dir = tierCoverageDir(ROOT, tier);
    rmSync(dir, { recursive: true, force: true });
    args.push(
      "--coverage",
      "--coverage-reporter=text",
      "--coverage-reporter=lcov",
      `--coverage-dir=${dir}`,
    );
  }
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

async function main(): Promise<number> {
  const parsed = parseRunArgs(Bun.argv.slice(2));
  if (parsed.kind === "help") {
    console.log(RUN_USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(`tests/run: ${parsed.message}\nRun \`tests/run --help\` for the options.`);
    return 2;
  }
  const options = parsed.options;
  if (options.listModules) {
    for (const tier of options.tiers) {
      for (const file of testFiles(ROOT, tier, options.module)) console.log(file);
    }
    return 0;
  }

  const total: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  const ran: Tier[] = [];
  let filesSeen = 0;
  for (const tier of options.tiers) {
    const files = testFiles(ROOT, tier, options.module);
    filesSeen += files.length;
    const needs = TIERS[tier].needs;
    if (needs && !Bun.which(needs)) {
      console.log(`== ${tier} tier SKIPPED: \`${needs}\` is not on PATH on this machine ==`);
      continue;
    }
    if (files.length === 0) {
      console.log(
        `== ${tier} tier: no test files${options.module ? ` matching ${options.module}` : ""} ==`,
      );
      continue;
    }
    console.log(`== ${tier} tier: ${files.length} file(s) ==`);
    const counts = await runTier(tier, files, options);
    ran.push(tier);
    console.log(`== ${tier}: ${countsLine(counts)} ==`);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    if (options.failfast && counts.failed > 0) break;
  }
  if (options.coverage && ran.length > 0) {
    for (const line of await writeCoverageReport(ROOT, ran)) console.log(line);
  }
  const noMatch = options.module !== undefined && filesSeen === 0;
  if (noMatch) {
    console.log(
      `No test file's path contains "${options.module}"; \`tests/run --list-modules\` lists them.`,
    );
  }
  console.log(countsLine(total));
  return total.failed > 0 ? 1 : noMatch ? 2 : 0;
}

process.exitCode = await main();
