import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, type RealProcess, waitFor } from "./real-process.ts";
import { startLocalService, startMockAi } from "./stack.ts";

/**
 * The seed system end to end on one machine: the mock AI server, the Client Service with the
 * local Slurm adapter, and the agent the local job starts, all real processes on loopback.
 */
describe("a whole benchmark on one machine", () => {
  let dir: string;
  let mock: RealProcess;
  let service: RealProcess;
  let mockUrl: string;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aifc-it-"));
    ({ mock, url: mockUrl } = await startMockAi([
      "--ttft-ms",
      "20",
      "--itl-ms",
      "2",
      "--output-tokens",
      "8",
    ]));
    ({ service, api } = await startLocalService(mockUrl, dir));
  });

  afterAll(async () => {
    await service?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = async (id: number) => (await http("GET", `${api}/client-group/${id}`)).body.info;

  test("3 clients register, run against the mock AI server and complete", async () => {
    await http("POST", `${mockUrl}/stats/reset`);
    const prompts = ["first prompt", "second prompt", "third prompt"];
    const created = await http("POST", `${api}/client-group/1`, {
      num_clients: 3,
      time_limit: 2,
      workload: { prompts, max_tokens: 8 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "created", benchmark_id: 1, num_clients: 3 });

    const ready = await waitFor("the group to be ready", async () => {
      const info = await state(1);
      if (info.state === "failed")
        throw new Error(`group failed: ${info.reason}\n${service.output()}`);
      return info.state === "ready" ? info : undefined;
    });
    expect(ready.agents).toHaveLength(1);
    expect(ready.client_address[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const forged = await http("POST", `${api}/client-group/1/connect`, {
      client_address: "http://127.0.0.1:1",
    });
    expect(forged.status).toBe(401);
    const badToken = await http(
      "POST",
      `${api}/client-group/1/connect`,
      { client_address: "http://127.0.0.1:1" },
      { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x" },
    );
    expect(badToken.status).toBe(401);
    expect((await state(1)).agents).toHaveLength(1);

    const run = await http("POST", `${api}/client-group/1/run`);
    expect(run.status).toBe(200);
    expect(run.body.status).toBe("dispatched");
    expect(run.body.results).toHaveLength(1);
    expect(run.body.results[0].ok).toBe(true);

    const done = await waitFor("the group to complete", async () => {
      const info = await state(1);
      if (info.state === "failed") throw new Error(`group failed: ${info.reason}`);
      return info.state === "completed" ? info : undefined;
    });
    expect(done.transitions.map((t: { state: string }) => t.state)).toContain("running");

    const stats = (await http("GET", `${mockUrl}/stats`)).body;
    expect(stats.completions_total).toBe(3);
    expect([...stats.last_prompts].sort()).toEqual([...prompts].sort());

    const results = await http("GET", `${api}/client-group/1/results`);
    expect(results.status).toBe(200);
    expect(results.body.requests).toEqual({ completed: 3, failed: 0, warmup: 0 });
    expect(results.body.tokens.output).toBe(24);
    expect(results.body.latency_ms.ttft.min).toBeGreaterThanOrEqual(15);
    expect(results.body.latency_ms.e2e.max).toBeLessThan(10_000);

    // The agent exits after uploading; the local job then ends COMPLETED and the group stays completed.
    const finished = await waitFor("the local job to end", async () => {
      const info = await state(1);
      return info.slurm_state === "COMPLETED" ? info : undefined;
    });
    expect(finished.state).toBe("completed");
  });

  test("deleting a group cancels its running job", async () => {
    await http("POST", `${api}/client-group/2`, { num_clients: 1, time_limit: 2 });
    await waitFor("the group to be ready", async () =>
      (await state(2)).state === "ready" ? true : undefined,
    );
    const jobId = (await state(2)).job_id;
    const deleted = await http("DELETE", `${api}/client-group/2`);
    expect(deleted.body).toEqual({ status: "deleted", benchmark_id: 2 });
    expect((await http("GET", `${api}/client-group/2`)).status).toBe(404);
    const jobDir = join(dir, "jobs", jobId);
    expect(jobDir.length).toBeGreaterThan(0);
  });

  test("an AI server that refuses connections is counted as connect errors, and the run fails saying so", async () => {
    const created = await http("POST", `${api}/client-group/3`, {
      num_clients: 2,
      time_limit: 2,
      target: { base_url: "http://127.0.0.1:9" },
    });
    expect(created.status).toBe(201);
    await waitFor("the group to be ready", async () =>
      (await state(3)).state === "ready" ? true : undefined,
    );
    expect((await http("POST", `${api}/client-group/3/run`)).status).toBe(200);
    const failed = await waitFor("the group to fail", async () => {
      const now = await state(3);
      return now.state === "failed" ? now : undefined;
    });
    expect(failed.reason).toBe(
      "the AI server at http://127.0.0.1:9 refused every connection (ECONNREFUSED); all 2 requests failed",
    );
    const results = (await http("GET", `${api}/client-group/3/results`)).body;
    expect(results.requests.failed).toBe(2);
    expect(results.errors).toEqual({ connect: 2 });
  });
});
