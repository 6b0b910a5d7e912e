import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobDirOf, readJobRecord } from "../../slurm/local-job-store.ts";
import { http, type RealProcess, waitFor } from "./real-process.ts";
import { startLocalService, startMockAi } from "./stack.ts";

/** Agents told to stop by a signal, and agents whose AI server cannot be reached at all. */
describe("agents under SIGTERM and an unreachable AI server", () => {
  let dir: string;
  let mock: RealProcess;
  let service: RealProcess;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aifc-signals-"));
    let url: string;
    ({ mock, url } = await startMockAi());
    ({ service, api } = await startLocalService(url, dir, { AIFC_SPOOL_DIR: join(dir, "spool") }));
  });

  afterAll(async () => {
    await service?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = async (id: number) => (await http("GET", `${api}/client-group/${id}`)).body.info;
  const untilFinal = (id: number) =>
    waitFor(`group ${id} to end`, async () => {
      const now = await info(id);
      return ["completed", "failed", "cancelled"].includes(now.state) ? now : undefined;
    });

  test("SIGTERM mid-run (Slurm's time-limit warning): partial results within seconds, and the group says why", async () => {
    await http("POST", `${api}/client-group/1`, {
      num_clients: 2,
      time_limit: 2,
      load: { duration_s: 60 },
    });
    const ready = await waitFor("group 1 to be ready", async () => {
      const now = await info(1);
      return now.state === "ready" ? now : undefined;
    });
    expect((await http("POST", `${api}/client-group/1/run`)).status).toBe(200);
    await waitFor("requests to be counted", async () =>
      (await info(1)).progress.requests > 0 ? true : undefined,
    );

    // As Slurm does: the signal goes to the task's whole process group (the wrapper ignores it).
    const record = readJobRecord(jobDirOf(join(dir, "jobs"), ready.job_id));
    const leader = record?.processes[0]?.pid as number;
    const signalledAt = performance.now();
    process.kill(-leader, "SIGTERM");

    const ended = await untilFinal(1);
    expect(performance.now() - signalledAt).toBeLessThan(10_000);
    expect(ended.state).toBe("completed");
    expect(ended.reason).toBe(
      "partial results: stopped by SIGTERM (Slurm's warning before the time limit, or scancel)",
    );
    const results = (await http("GET", `${api}/client-group/1/results`)).body;
    expect(results.partial).toBe(true);
    expect(results.requests.completed).toBeGreaterThan(0);
    expect(results.requests.failed).toBe(0);
  });

  test("an AI server unreachable from the start fails the run quickly, with a sentence that says so", async () => {
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const target = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    await http("POST", `${api}/client-group/2`, {
      num_clients: 4,
      time_limit: 2,
      target: { base_url: target },
      load: { duration_s: 60 },
    });
    await waitFor("group 2 to be ready", async () =>
      (await info(2)).state === "ready" ? true : undefined,
    );
    const startedAt = performance.now();
    expect((await http("POST", `${api}/client-group/2/run`)).status).toBe(200);
    const ended = await untilFinal(2);
    expect(performance.now() - startedAt).toBeLessThan(10_000);
    expect(ended.state).toBe("failed");
    expect(ended.reason).toBe(
      `the AI server at ${target} refused every connection (ECONNREFUSED); the run was stopped after 10 attempts`,
    );
    const results = (await http("GET", `${api}/client-group/2/results`)).body;
    expect(results.requests.completed).toBe(0);
    expect(results.errors.connect).toBeGreaterThanOrEqual(10);
  });
});
