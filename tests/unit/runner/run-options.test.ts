import { describe, expect, test } from "bun:test";
import { parseRunArgs } from "../../runner/run-options.ts";

const run = (argv: string[]) => {
  const parsed = parseRunArgs(argv);
  if (parsed.kind !== "run") throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};

describe("the test runner's command line", () => {
  test("no mode runs the unit tier with every option off", () => {
    expect(run([])).toEqual({
      tiers: ["unit"],
      module: undefined,
      pattern: undefined,
      coverage: false,
      failfast: false,
      verbose: false,
      listModules: false,
    });
  });

  test("modes combine, and --all means every tier in order", () => {
    expect(run(["--slurm", "--integration"]).tiers).toEqual(["integration", "slurm"]);
    expect(run(["--container"]).tiers).toEqual(["container"]);
    expect(run(["--integration", "--unit"]).tiers).toEqual(["unit", "integration"]);
    expect(run(["--all"]).tiers).toEqual(["unit", "integration", "slurm", "container"]);
  });

  test("options carry their values", () => {
    const options = run([
      "--module",
      "mock-ai",
      "--pattern",
      "^stream",
      "--coverage",
      "--failfast",
      "--verbose",
      "--list-modules",
    ]);
    expect(options).toMatchObject({
      module: "mock-ai",
      pattern: "^stream",
      coverage: true,
      failfast: true,
      verbose: true,
      listModules: true,
    });
  });

  test("--help wins over everything else", () => {
    expect(parseRunArgs(["--coverage", "--help"])).toEqual({ kind: "help" });
  });

  test("an unknown flag is an error naming it", () => {
    const parsed = parseRunArgs(["--integrations"]);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toContain("--integrations");
  });

  test("a flag without its value is an error naming the flag", () => {
    const parsed = parseRunArgs(["--module"]);
    expect(parsed.kind === "error" && parsed.message).toContain("--module");
  });

  test("a pattern that is not a regular expression is refused before any test runs", () => {
    expect(parseRunArgs(["--pattern", "(unclosed"])).toEqual({
      kind: "error",
      message: "--pattern is not a valid regular expression",
    });
  });
});
