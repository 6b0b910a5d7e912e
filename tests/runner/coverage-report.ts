import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FileCoverage, fileTotals, formatLcov, mergeLcov, uncoveredRanges } from "./lcov.ts";
import type { Tier } from "./tiers.ts";

/** Where a tier's test process writes its coverage (`bun test --coverage-dir`). */
export const tierCoverageDir = (root: string, tier: Tier) => join(root, "coverage", tier);

const percent = (hit: number, found: number) =>
  found === 0 ? "100.00" : ((100 * hit) / found).toFixed(2);

/** A text table in the shape of bun's own: % functions, % lines and uncovered lines per file. */
export function coverageTable(files: Map<string, FileCoverage>): string {
  const sorted = [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
  const all = sorted.map(fileTotals).reduce(
    (sum, t) => ({
      linesFound: sum.linesFound + t.linesFound,
      linesHit: sum.linesHit + t.linesHit,
      functionsFound: sum.functionsFound + t.functionsFound,
      functionsHit: sum.functionsHit + t.functionsHit,
    }),
    { linesFound: 0, linesHit: 0, functionsFound: 0, functionsHit: 0 },
  );
  const rows = [
    [
      "All files",
      percent(all.functionsHit, all.functionsFound),
      percent(all.linesHit, all.linesFound),
      "",
    ],
    ...sorted.map((file) => {
      const t = fileTotals(file);
      return [
        ` ${file.path}`,
        percent(t.functionsHit, t.functionsFound),
        percent(t.linesHit, t.linesFound),
        uncoveredRanges(file),
      ];
    }),
  ];
  const header = ["File", "% Funcs", "% Lines", "Uncovered Line #s"];
  const width = Math.max(header[0]?.length ?? 0, ...rows.map((r) => r[0]?.length ?? 0));
  const line = (cells: string[]) =>
    `${(cells[0] ?? "").padEnd(width)} | ${(cells[1] ?? "").padStart(7)} | ${(cells[2] ?? "").padStart(7)} | ${cells[3] ?? ""}`;
  const rule = `${"-".repeat(width)}-|---------|---------|-------------------`;
  return [rule, line(header), rule, ...rows.map(line), rule].join("\n");
}

/** Runs the HTML generator: @lcov-viewer/cli from node_modules, else genhtml where installed. */
async function writeHtml(root: string, lcovPath: string, htmlDir: string): Promise<string> {
  rmSync(htmlDir, { recursive: true, force: true });
  const viewer = join(root, "node_modules/@lcov-viewer/cli/lib/index.js");
  const genhtml = Bun.which("genhtml");
  const argv = existsSync(viewer)
    ? [process.execPath, viewer, "lcov", "-o", htmlDir, lcovPath]
    : genhtml
      ? [genhtml, "--quiet", "--output-directory", htmlDir, lcovPath]
      : null;
  if (!argv) {
    return "no HTML report: run `npm install` (it installs @lcov-viewer/cli), or install lcov's genhtml";
  }
  const child = Bun.spawn(argv, { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  const index = join(htmlDir, "index.html");
  if (code !== 0 || !existsSync(index)) {
    return `no HTML report: ${argv[1] === viewer ? "lcov-viewer" : "genhtml"} exited with ${code}: ${`${out}${err}`.trim().slice(0, 500)}`;
  }
  return `coverage HTML: ${index}`;
}

/**
 * Merges the lcov files the tiers wrote into `coverage/lcov.info`, prints a merged table when
 * more than one tier ran (each tier's own table is in its output already) and a summary line,
 * then writes `coverage/html/index.html`. Returns the lines to print.
 */
export async function writeCoverageReport(root: string, tiers: readonly Tier[]): Promise<string[]> {
  const found = tiers.filter((tier) => existsSync(join(tierCoverageDir(root, tier), "lcov.info")));
  if (found.length === 0) return ["== coverage: no tier wrote coverage data =="];
  const files = mergeLcov(
    found.map((tier) => readFileSync(join(tierCoverageDir(root, tier), "lcov.info"), "utf8")),
  );
  mkdirSync(join(root, "coverage"), { recursive: true });
  const lcovPath = join(root, "coverage", "lcov.info");
  writeFileSync(lcovPath, formatLcov(files));
  const totals = [...files.values()].map(fileTotals);
  const sum = (pick: (t: ReturnType<typeof fileTotals>) => number) =>
    totals.reduce((n, t) => n + pick(t), 0);
  const lines: string[] = [];
  if (found.length > 1)
    lines.push(`Coverage merged over ${found.join(" + ")}:`, coverageTable(files));
  lines.push(
    `== coverage (${found.join(" + ")}): ${percent(
      sum((t) => t.linesHit),
      sum((t) => t.linesFound),
    )} % of all lines, ${percent(
      sum((t) => t.functionsHit),
      sum((t) => t.functionsFound),
    )} % of functions${found.length > 1 ? " (at least: bun reports only per-file function totals)" : ""}, ${files.size} files; lcov: ${lcovPath} ==`,
    await writeHtml(root, lcovPath, join(root, "coverage", "html")),
  );
  return lines;
}
