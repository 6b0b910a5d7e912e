import { describe, expect, test } from "bun:test";
import { countsFrom, countsLine } from "../../runner/test-counts.ts";

describe("counting bun's results", () => {
  test("reads pass, fail and skip from bun's summary", () => {
    const output = [
      "(pass) a > b [1.00ms]",
      "(fail) a > c",
      "",
      " 12 pass",
      " 1 skip",
      " 3 fail",
      " 40 expect() calls",
      "Ran 16 tests across 2 files. [1.20s]",
    ].join("\n");
    expect(countsFrom(output)).toEqual({ passed: 12, failed: 3, skipped: 1 });
  });

  test("a test whose name ends in a count word is not taken for the summary", () => {
    expect(countsFrom("(pass) retries until 3 pass\n 1 pass\n 0 fail")).toEqual({
      passed: 1,
      failed: 0,
      skipped: 0,
    });
  });

  test("missing summary lines count as zero", () => {
    expect(countsFrom("error: could not load a test file")).toEqual({
      passed: 0,
      failed: 0,
      skipped: 0,
    });
  });

  test("the final line has the shape CI reads", () => {
    expect(countsLine({ passed: 5, failed: 0, skipped: 2 })).toBe("5 passed, 0 failed, 2 skipped");
  });
});
