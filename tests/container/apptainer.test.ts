import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  http,
  PROJECT_DIR,
  type RealProcess,
  startProcess,
  waitFor,
} from "../integration/real-process.ts";

const APPTAINER = Bun.which("apptainer");

/**
 * The agent inside the Apptainer image of slurm/aifc-agent.def: built here (or taken from
 * AIFC_CONTAINER_TEST_IMAGE), then started by the job script through `apptainer run` for a
 * group of a service running with --container. Runs only where apptainer is installed; the
 * runner skips this tier with a message elsewhere (the project's Debian machines have none).
 */
describe.skipIf(APPTAINER === null)("the agent in its Apptainer image", () => {
  let dir: string;
  let image: string;
  let mock: RealProcess | undefined;
  let service: RealProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "aifc-apptainer-"));
  });

  afterAll(async () => {
    await service?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the definition builds into an image whose runscript knows the agent", () => {
    image = process.env.AIFC_CONTAINER_TEST_IMAGE ?? join(dir, "aifc-agent.sif");
    if (!process.env.AIFC_CONTAINER_TEST_IMAGE) {
      const asRoot = process.getuid?.() === 0;
      const build = Bun.spawnSync(
        [
          APPTAINER as string,
          "build",
          ...(asRoot ? [] : ["--fakeroot"]),
          "--force",
          image,
          "slurm/aifc-agent.def",
        ],
        { cwd: PROJECT_DIR, stdout: "pipe", stderr: "pipe", timeout: 540_000 },
      );
      expect(build.exitCode, `${build.stdout}\n${build.stderr}`).toBe(0);
    }
    expect(existsSync(image)).toBe(true);
    const usage = Bun.spawnSync([APPTAINER as string, "run", image], { stderr: "pipe" });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr.toString()).toContain("usage: apptainer run aifc-agent.sif agent");
  }, 600_000);

  test("one agent in the container registers, runs against the mock AI server and completes", async () => {
    mock = await startProcess(
      "mock-ai/main.ts",
      ["--port", "0", "--ttft-ms", "20", "--itl-ms", "2", "--output-tokens", "8"],
      /mock-ai listening on (http:\/\/\S+)/,
    );
    const mockUrl = mock.ready[1] as string;
    service = await startProcess(
      "handlers/service/main.ts",
      [
        mockUrl,
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--slurm",
        "local",
        "--container",
        "--container-image",
        image,
        "--db",
        join(dir, "service.db"),
        "--jobs-dir",
        join(dir, "jobs"),
        "--reconcile-interval-ms",
        "250",
      ],
      /client service listening on (http:\/\/\S+)/,
    );
    const api = `${service.ready[1]}/api/v1`;
    const state = async () => (await http("GET", `${api}/client-group/1`)).body.info;
    const created = await http("POST", `${api}/client-group/1`, {
      num_clients: 2,
      time_limit: 2,
      workload: { prompts: ["in a container"], max_tokens: 8 },
    });
    expect(created.status).toBe(201);
    await waitFor(
      "the containerised agent to register",
      async () => ((await state()).state === "ready" ? true : undefined),
      120_000,
    );
    expect((await http("POST", `${api}/client-group/1/run`)).status).toBe(200);
    await waitFor("the group to complete", async () =>
      (await state()).state === "completed" ? true : undefined,
    );
    const results = await http("GET", `${api}/client-group/1/results`);
    expect(results.body.requests).toEqual({ completed: 2, failed: 0, warmup: 0 });
    expect(results.body.agents).toHaveLength(1);
  }, 300_000);
});
