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

  test("auto with sbatch on PATH gives the shell adapter and logs why", () => {
    const { logger, lines } = memoryLogger();
    expect(createSlurmAdapter("auto", { jobsDir, which: withSbatch, log: logger }).name).toBe(
      "shell",
    );
    expect(lines).toMatchObject([
      { event: "slurm_adapter_chosen", adapter: "shell", why: "sbatch is on PATH" },
    ]);
  });

  test("shell and rest are built from the Slurm config", () => {
    expect(createSlurmAdapter("shell", { jobsDir, slurmConfig: { partition: "gpu" } }).name).toBe(
      "shell",
    );
    const rest = createSlurmAdapter("rest", {
      jobsDir,
      slurmConfig: { url: "http://127.0.0.1:6820", jwt_key: "/k", user_name: "svc" },
    });
    expect(rest.name).toBe("rest");
  });

  test("rest without slurmrestd's url says where to set it", () => {
    expect(() => createSlurmAdapter("rest", { jobsDir, slurmConfig: {} })).toThrow(
      "The rest Slurm adapter needs slurmrestd's address: set url=http://<host>:6820 in the Slurm config file (--slurm-config) or AIFC_SLURM_URL.",
    );
  });
});
