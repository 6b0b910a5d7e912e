/** Tests that passed, failed and were skipped. */
export type TestCounts = { passed: number; failed: number; skipped: number };

/** The counts in bun's summary (`  12 pass`, `  0 fail`, `  1 skip`); 0 for a line that is missing. */
export function countsFrom(output: string): TestCounts {
  const count = (word: string) =>
    Number(new RegExp(`^\\s*(\\d+) ${word}$`, "m").exec(output)?.[1] ?? 0);
  return { passed: count("pass"), failed: count("fail"), skipped: count("skip") };
}

/** The line CI reads, e.g. `12 passed, 0 failed, 1 skipped`. */
export const countsLine = (c: TestCounts) =>
  `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
