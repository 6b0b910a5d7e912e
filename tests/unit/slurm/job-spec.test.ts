import { describe, expect, test } from "bun:test";
import { JOB_ENV } from "../../../core/config/job-environment.ts";
import { AppError } from "../../../core/errors.ts";
import { buildJobSpec, type JobSpecInput } from "../../../slurm/job-spec.ts";

const input: JobSpecInput = {
  benchmarkId: 42,
  numClients: 8,
  timeLimitMin: 5,
  tasks: 2,
  serverAddr: "http://ai.example:8000/v1",
  serviceAddr: "http://head:8001",
  groupToken: "eyJhbGciOiJIUzI1NiJ9.e30.sig",
  projectDir: "/srv/aifc",
  bunPath: "/usr/local/bin/bun",
};

function rejection(bad: Record<string, unknown>): AppError {
  try {
    buildJobSpec({ ...input, ...bad } as JobSpecInput);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(bad)}`);
}

describe("buildJobSpec", () => {
  test("names the job after the benchmark and passes every value as an environment variable", () => {
    const job = buildJobSpec(input);
    expect(job).toEqual({
      name: "aifc-42",
      timeLimitMin: 5,
      tasks: 2,
      environment: {
        [JOB_ENV.numClients]: "8",
        [JOB_ENV.serverAddr]: "http://ai.example:8000/v1",
        [JOB_ENV.serviceAddr]: "http://head:8001",
        [JOB_ENV.benchmarkId]: "42",
        [JOB_ENV.groupToken]: "eyJhbGciOiJIUzI1NiJ9.e30.sig",
        [JOB_ENV.timeLimitS]: "300",
        BUN_CONFIG_MAX_HTTP_REQUESTS: "65336",
        [JOB_ENV.projectDir]: "/srv/aifc",
        [JOB_ENV.bun]: "/usr/local/bin/bun",
      },
    });
  });

  test("a container image travels in AIFC_CONTAINER_IMAGE only when given", () => {
    expect(buildJobSpec(input).environment).not.toHaveProperty(JOB_ENV.containerImage);
    const job = buildJobSpec({ ...input, containerImage: "/images/aifc.sif" });
    expect(job.environment[JOB_ENV.containerImage]).toBe("/images/aifc.sif");
  });

  test("the agent's own deadline may be shorter than the Slurm limit, never longer", () => {
    expect(buildJobSpec({ ...input, timeLimitS: 240 }).environment.AIFC_TIME_LIMIT_S).toBe("240");
    expect(rejection({ timeLimitS: 301 }).message).toContain("timeLimitS: must not exceed");
  });

  test("user text stays in environment values: name, limits and task count hold none of it", () => {
    const hostile = 'x\'; rm -rf ~ $(touch pwned) `id` "q"\n';
    const job = buildJobSpec({
      ...input,
      serverAddr: "http://ai.example:8000/?q=$(touch pwned);`id`",
      groupToken: hostile,
      containerImage: hostile,
    });
    expect(job.name).toBe("aifc-42");
    expect(job.environment[JOB_ENV.groupToken]).toBe(hostile);
    expect(job.environment[JOB_ENV.containerImage]).toBe(hostile);
    const outsideEnvironment = JSON.stringify({ ...job, environment: undefined });
    expect(outsideEnvironment).not.toContain("pwned");
    expect(
      Object.keys(job.environment).every((key) =>
        /^(AIFC_[A-Z_]+|BUN_CONFIG_MAX_HTTP_REQUESTS)$/.test(key),
      ),
    ).toBe(true);
  });

  const badInputs: Array<[Record<string, unknown>, string]> = [
    [{ benchmarkId: -1 }, "benchmarkId"],
    [{ benchmarkId: 1.5 }, "benchmarkId"],
    [{ numClients: 0 }, "numClients"],
    [{ numClients: 2.5 }, "numClients"],
    [{ numClients: "8" }, "numClients"],
    [{ timeLimitMin: 0 }, "timeLimitMin"],
    [{ timeLimitMin: Number.NaN }, "timeLimitMin"],
    [{ tasks: 0 }, "tasks"],
    [{ tasks: 1e9 }, "tasks"],
    [{ serverAddr: "not a url" }, "serverAddr"],
    [{ serviceAddr: "file:///etc/passwd" }, "serviceAddr"],
    [{ groupToken: "" }, "groupToken"],
    [{ groupToken: "a\0b" }, "groupToken"],
    [{ projectDir: "relative/dir" }, "projectDir"],
    [{ bunPath: "bun" }, "bunPath"],
    [{ containerImage: "" }, "containerImage"],
    [{ extra: "field" }, "extra"],
  ];
  test.each(badInputs.map(([bad, field]) => [JSON.stringify(bad), field, bad] as const))(
    "rejects %s with a 422 naming %s",
    (_label, field, bad) => {
      const error = rejection(bad);
      expect(error.status).toBe(422);
      expect(error.message).toStartWith("The Slurm job cannot be built: ");
      expect(error.message).toContain(field);
    },
  );
});
