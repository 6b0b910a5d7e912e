import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { memoryLogger } from "../../../core/log.ts";
import { createSlurmAdapter } from "../../../slurm/create-adapter.ts";

let jobsDir: string;
const noSbatch = () => null;
const withSbatch = (command: string) => (command === "sbatch" ? "/usr/bin/sbatch" : null);

beforeEach(() => {
  jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "aifc-create-adapter-"));
});

afterEach(() => {
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

describe("createSlurmAdapter", () => {
  test("fake and local give those adapters", () => {
    expect(createSlurmAdapter("fake", { jobsDir }).name).toBe("fake");
    expect(createSlurmAdapter("local", { jobsDir, which: withSbatch }).name).toBe("local");
  });

  test("auto without sbatch on PATH runs jobs locally and logs why", () => {
    const { logger, lines } = memoryLogger();
    expect(createSlurmAdapter("auto", { jobsDir, which: noSbatch, log: logger }).name).toBe(
      "local",
    );
    expect(lines).toMatchObject([
      { event: "slurm_adapter_chosen", adapter: "local", why: "sbatch is not on PATH" },
    ]);
  });

  test("auto with sbatch on PATH asks for the shell adapter, which this version does not have", () => {
    expect(() => createSlurmAdapter("auto", { jobsDir, which: withSbatch })).toThrow(
      "The shell Slurm adapter is not available in this version; start the service with --slurm local",
    );
  });

  test("shell and rest say plainly they are not available and what to use instead", () => {
    for (const kind of ["shell", "rest"] as const) {
      expect(() => createSlurmAdapter(kind, { jobsDir })).toThrow(
        `The ${kind} Slurm adapter is not available in this version`,
      );
    }
  });
});
