import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobDirOf, taskOutputOf } from "../../slurm/local-job-store.ts";
import { http, type RealProcess, waitFor } from "./real-process.ts";
import { startLocalService, startMockAi } from "./stack.ts";

/**
 * The Client Service killed with SIGKILL at awkward moments and started again on the same port
 * and database: its groups, registrations and runs carry on, and every result arrives once.
 * The agents are real processes of the local Slurm adapter, which outlive the service.
 */
describe("kill -9 of the service", () => {
  let dir: string;
  let mock: RealProcess;
  let mockUrl: string;
  let service: RealProcess | null = null;
  let api: string;
  let port: string;

  const env = () => ({ AIFC_SPOOL_DIR: join(dir, "spool") });

  async function restart() {
    ({ service, api } = await startLocalService(mockUrl, dir, env(), ["--port", port]));
  }

  async function kill9() {
    service?.proc.kill("SIGKILL");
    await service?.proc.exited;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aifc-durable-"));
    ({ mock, url: mockUrl } = await startMockAi());
    ({ service, api } = await startLocalService(mockUrl, dir, env()));
    port = new URL(api).port;
  });

  afterAll(async () => {
    for (const id of [1, 2, 3]) await http("DELETE", `${api}/client-group/${id}`).catch(() => null);
    await service?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = async (id: number) => (await http("GET", `${api}/client-group/${id}`)).body.info;
  const untilState = (id: number, wanted: string, timeoutMs = 30_000) =>
    waitFor(
      `group ${id} to be ${wanted}`,
      async () => {
        const now = await info(id);
        if (now.state === "failed") throw new Error(`group failed: ${now.reason}`);
        return now.state === wanted ? now : undefined;
      },
      timeoutMs,
    );
  const agentLog = (jobId: string) =>
    readFileSync(taskOutputOf(jobDirOf(join(dir, "jobs"), jobId), 0), "utf8");
  const mockRequests = async () => (await http("GET", `${mockUrl}/stats`)).body.requests_total;
  const counted = (results: { requests: { completed: number; failed: number; warmup: number } }) =>
    results.requests.completed + results.requests.failed + results.requests.warmup;

  test("mid-run: restarted on the same port and database, the run completes counting every request", async () => {
    const created = await http("POST", `${api}/client-group/1`, {
      num_clients: 3,
      time_limit: 2,
      load: { duration_s: 5 },
    });
    expect(created.status).toBe(201);
    const ready = await untilState(1, "ready");
    await http("POST", `${mockUrl}/stats/reset`);
    expect((await http("POST", `${api}/client-group/1/run`)).status).toBe(200);
    await waitFor("progress from the agent", async () =>
      (await info(1)).progress.requests > 0 ? true : undefined,
    );

    await kill9();
    await Bun.sleep(1500);
    await restart();

    const done = await untilState(1, "completed");
    expect(done.reason).toBeNull();
    expect(done.transitions.map((t: { state: string }) => t.state)).toEqual([
      "submitted",
      "ready",
      "running",
      "completed",
    ]);
    const results = (await http("GET", `${api}/client-group/1/results`)).body;
    expect(results.partial).toBe(false);
    expect(counted(results)).toBeGreaterThan(10);
    expect(counted(results)).toBe(await mockRequests());
    // Progress failed while the service was away; the agent registered again when it came back.
    const log = agentLog(ready.job_id);
    expect(log).toContain('"event":"progress_failed"');
    expect(log).toContain('"event":"reregistered"');
  });

  test("down when the run ends: the agent keeps its report on disk and uploads it once the service is back", async () => {
    expect(
      (await http("POST", `${api}/client-group/2`, { num_clients: 2, time_limit: 2 })).status,
    ).toBe(201);
    const ready = await untilState(2, "ready");
    const agent = ready.agents[0].address as string;
    await http("POST", `${mockUrl}/stats/reset`);
    // About 1.5 s of load: the service is killed as soon as it has dispatched the run.
    const run = await http("POST", `${api}/client-group/2/run`, { load: { requests: 60 } });
    expect(run.status).toBe(200);
    await kill9();
    const runId = (await http("GET", `${agent}/status`)).body.run_id as string;
    const spooled = join(dir, "spool", "2", `0-${runId}.json`);
    await waitFor("the agent to end its run and spool the report", async () =>
      (await http("GET", `${agent}/status`)).body.phase === "done" && existsSync(spooled)
        ? true
        : undefined,
    );
    expect(JSON.parse(readFileSync(spooled, "utf8")).report.requests.completed).toBe(60);

    await restart();
    await untilState(2, "completed");
    const results = (await http("GET", `${api}/client-group/2/results`)).body;
    expect(counted(results)).toBe(60);
    expect(await mockRequests()).toBe(60);
    await waitFor("the spooled report to be removed", async () =>
      existsSync(spooled) ? undefined : true,
    );
    const log = agentLog(ready.job_id);
    expect(log.match(/"event":"results_uploaded"/g)).toHaveLength(1);
    expect(service?.output().match(/"event":"results_uploaded"/g)).toHaveLength(1);
  });

  test("during registration: an agent that finds no service keeps trying and registers after the restart", async () => {
    expect(
      (await http("POST", `${api}/client-group/3`, { num_clients: 1, time_limit: 2 })).status,
    ).toBe(201);
    // Killed before the agent (a Bun process just starting) can have registered.
    await kill9();
    await Bun.sleep(1500);
    await restart();
    await untilState(3, "ready");
    await http("POST", `${mockUrl}/stats/reset`);
    expect((await http("POST", `${api}/client-group/3/run`)).status).toBe(200);
    const done = await untilState(3, "completed");
    expect(done.agents).toHaveLength(1);
    const results = (await http("GET", `${api}/client-group/3/results`)).body;
    expect(results.requests.completed).toBe(1);
    expect(await mockRequests()).toBe(1);
  });
});
