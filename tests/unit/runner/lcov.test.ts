import { describe, expect, test } from "bun:test";
import { coverageTable } from "../../runner/coverage-report.ts";
import {
  fileTotals,
  formatLcov,
  mergeLcov,
  parseLcov,
  uncoveredRanges,
} from "../../runner/lcov.ts";

/** A record as bun writes it: function totals only, hits per line. */
const bunRecord = (path: string, fnf: number, fnh: number, lines: Array<[number, number]>) =>
  [
    "TN:",
    `SF:${path}`,
    `FNF:${fnf}`,
    `FNH:${fnh}`,
    ...lines.map(([line, hits]) => `DA:${line},${hits}`),
    `LF:${lines.length}`,
    `LH:${lines.filter(([, hits]) => hits > 0).length}`,
    "end_of_record",
  ].join("\n");

const file = (text: string, path: string) => {
  const found = parseLcov(text).get(path);
  if (!found) throw new Error(`${path} is not in the tracefile`);
  return found;
};

describe("lcov tracefiles", () => {
  test("a bun record reads back as its lines and function totals", () => {
    const parsed = file(
      bunRecord("core/clock.ts", 4, 3, [
        [7, 1196],
        [14, 0],
        [15, 0],
      ]),
      "core/clock.ts",
    );
    expect([...parsed.lines]).toEqual([
      [7, 1196],
      [14, 0],
      [15, 0],
    ]);
    expect(fileTotals(parsed)).toEqual({
      linesFound: 3,
      linesHit: 1,
      functionsFound: 4,
      functionsHit: 3,
    });
  });

  test("two tiers' coverage adds up line by line: a line either tier ran is covered", () => {
    const unit = bunRecord("a.ts", 2, 1, [
      [1, 1],
      [2, 0],
      [3, 0],
    ]);
    const integration = [
      bunRecord("a.ts", 2, 2, [
        [1, 4],
        [2, 5],
        [3, 0],
      ]),
      bunRecord("b.ts", 1, 1, [[1, 1]]),
    ].join("\n");
    const merged = mergeLcov([unit, integration]);
    const a = merged.get("a.ts");
    expect(a && [...a.lines]).toEqual([
      [1, 5],
      [2, 5],
      [3, 0],
    ]);
    expect(a && fileTotals(a)).toEqual({
      linesFound: 3,
      linesHit: 2,
      functionsFound: 2,
      functionsHit: 2,
    });
    expect([...merged.keys()].sort()).toEqual(["a.ts", "b.ts"]);
  });

  test("named functions and branches merge by name and position", () => {
    const one =
      "SF:x.ts\nFN:3,start\nFNDA:0,start\nFN:9,stop\nFNDA:2,stop\nDA:3,0\nBRDA:4,0,0,1\nBRDA:4,0,1,-\nend_of_record";
    const two = "SF:x.ts\nFN:3,start\nFNDA:1,start\nDA:3,1\nBRDA:4,0,1,3\nend_of_record";
    const x = mergeLcov([one, two]).get("x.ts");
    expect(x && fileTotals(x)).toEqual({
      linesFound: 1,
      linesHit: 1,
      functionsFound: 2,
      functionsHit: 2,
    });
    expect(x && [...x.branches]).toEqual([
      ["4,0,0", 1],
      ["4,0,1", 3],
    ]);
  });

  test("a merged tracefile parses back to the same coverage", () => {
    const merged = mergeLcov([
      bunRecord("b.ts", 1, 0, [[2, 0]]),
      bunRecord("a.ts", 3, 2, [
        [1, 2],
        [5, 0],
      ]),
    ]);
    const text = formatLcov(merged);
    expect(text.indexOf("SF:a.ts")).toBeLessThan(text.indexOf("SF:b.ts"));
    expect(text).toContain("LF:2\nLH:1");
    expect(formatLcov(parseLcov(text))).toBe(text);
  });

  test("uncovered lines are given as ranges", () => {
    const parsed = file(
      bunRecord("r.ts", 0, 0, [
        [1, 0],
        [2, 0],
        [3, 1],
        [5, 0],
        [7, 0],
        [8, 0],
      ]),
      "r.ts",
    );
    expect(uncoveredRanges(parsed)).toBe("1-2,5,7-8");
  });

  test("the text table has bun's columns and a total over every file", () => {
    const table = coverageTable(
      mergeLcov([
        bunRecord("a.ts", 2, 1, [
          [1, 1],
          [2, 0],
        ]),
        bunRecord("b.ts", 2, 2, [
          [1, 1],
          [2, 1],
        ]),
      ]),
    );
    const rows = table.split("\n").filter((l) => !l.startsWith("-"));
    expect(rows[0]?.split("|").map((c) => c.trim())).toEqual([
      "File",
      "% Funcs",
      "% Lines",
      "Uncovered Line #s",
    ]);
    expect(rows[1]?.split("|").map((c) => c.trim())).toEqual(["All files", "75.00", "75.00", ""]);
    expect(rows[2]?.split("|").map((c) => c.trim())).toEqual(["a.ts", "50.00", "50.00", "2"]);
  });
});
