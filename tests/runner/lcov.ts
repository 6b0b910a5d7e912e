/**
 * The lcov tracefile format as bun writes it (`SF`, `FNF`/`FNH`, `DA`, `LF`/`LH`) and as other
 * tools do (`FN`/`FNDA`, `BRDA`), parsed and merged so the coverage of several tiers' test
 * processes adds up to one report.
 */

/** One source file's coverage: hits per line, per named function and per branch. */
export type FileCoverage = {
  path: string;
  lines: Map<number, number>;
  functions: Map<string, { line: number; hits: number }>;
  /** Functions found and hit, when the tracefile gives only totals (bun does). */
  functionsFound: number;
  functionsHit: number;
  branches: Map<string, number>;
};

const emptyFile = (path: string): FileCoverage => ({
  path,
  lines: new Map(),
  functions: new Map(),
  functionsFound: 0,
  functionsHit: 0,
  branches: new Map(),
});

/** Every record of a tracefile, by source path (a path given twice is merged). */
export function parseLcov(text: string): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  let file: FileCoverage | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const colon = line.indexOf(":");
    const [key, value] = colon < 0 ? [line, ""] : [line.slice(0, colon), line.slice(colon + 1)];
    if (key === "SF") file = emptyFile(value);
    else if (key === "end_of_record" && file) {
      mergeInto(files, file);
      file = null;
    } else if (file) readEntry(file, key, value.split(","));
  }
  if (file) mergeInto(files, file);
  return files;
}

function readEntry(file: FileCoverage, key: string, fields: string[]): void {
  const n = (i: number) => Number(fields[i]) || 0;
  if (key === "DA") file.lines.set(n(0), n(1));
  else if (key === "FN") file.functions.set(fields.slice(1).join(","), { line: n(0), hits: 0 });
  else if (key === "FNDA") {
    const name = fields.slice(1).join(",");
    const fn = file.functions.get(name) ?? { line: 0, hits: 0 };
    file.functions.set(name, { ...fn, hits: n(0) });
  } else if (key === "FNF") file.functionsFound = n(0);
  else if (key === "FNH") file.functionsHit = n(0);
  else if (key === "BRDA") file.branches.set(fields.slice(0, 3).join(","), n(3));
}

function mergeInto(files: Map<string, FileCoverage>, add: FileCoverage): void {
  const into = files.get(add.path);
  if (!into) {
    files.set(add.path, add);
    return;
  }
  for (const [line, hits] of add.lines) into.lines.set(line, (into.lines.get(line) ?? 0) + hits);
  for (const [name, fn] of add.functions) {
    const before = into.functions.get(name);
    into.functions.set(name, { line: fn.line, hits: (before?.hits ?? 0) + fn.hits });
  }
  for (const [key, taken] of add.branches)
    into.branches.set(key, (into.branches.get(key) ?? 0) + taken);
  // Totals alone cannot say which functions ran: the best tier's count is a lower bound.
  into.functionsFound = Math.max(into.functionsFound, add.functionsFound);
  into.functionsHit = Math.max(into.functionsHit, add.functionsHit);
}

/** Lines and functions found and hit in one file. */
export function fileTotals(file: FileCoverage) {
  const named = file.functions.size > 0;
  return {
    linesFound: file.lines.size,
    linesHit: [...file.lines.values()].filter((hits) => hits > 0).length,
    functionsFound: named ? file.functions.size : file.functionsFound,
    functionsHit: named
      ? [...file.functions.values()].filter((fn) => fn.hits > 0).length
      : file.functionsHit,
  };
}

/** Several tracefiles (one per tier) as one set of files; hits add up line by line. */
export function mergeLcov(texts: readonly string[]): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  for (const text of texts) for (const file of parseLcov(text).values()) mergeInto(files, file);
  return files;
}

/** The files back as one tracefile, sorted by path. */
export function formatLcov(files: Map<string, FileCoverage>): string {
  const out: string[] = [];
  for (const file of [...files.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const totals = fileTotals(file);
    out.push("TN:", `SF:${file.path}`);
    for (const [name, fn] of file.functions) out.push(`FN:${fn.line},${name}`);
    for (const [name, fn] of file.functions) out.push(`FNDA:${fn.hits},${name}`);
    out.push(`FNF:${totals.functionsFound}`, `FNH:${totals.functionsHit}`);
    for (const [line, hits] of [...file.lines].sort((a, b) => a[0] - b[0]))
      out.push(`DA:${line},${hits}`);
    out.push(`LF:${totals.linesFound}`, `LH:${totals.linesHit}`);
    for (const [key, taken] of file.branches) out.push(`BRDA:${key},${taken}`);
    if (file.branches.size > 0) {
      const hit = [...file.branches.values()].filter((t) => t > 0).length;
      out.push(`BRF:${file.branches.size}`, `BRH:${hit}`);
    }
    out.push("end_of_record");
  }
  return `${out.join("\n")}\n`;
}

/** Lines never run, as ranges: `14-15,20`. */
export function uncoveredRanges(file: FileCoverage): string {
  const missed = [...file.lines]
    .filter(([, hits]) => hits === 0)
    .map(([line]) => line)
    .sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < missed.length; ) {
    let j = i;
    while (j + 1 < missed.length && (missed[j + 1] as number) === (missed[j] as number) + 1) j += 1;
    ranges.push(i === j ? `${missed[i]}` : `${missed[i]}-${missed[j]}`);
    i = j + 1;
  }
  return ranges.join(",");
}
