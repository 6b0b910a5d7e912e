import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { arrivalSchedule } from "../../core/loadgen/arrival-schedule.ts";
import { seededRandom } from "../../core/loadgen/seeded-random.ts";
import { RequestRecordLine } from "../../core/schemas/results.ts";
import { http, type RealProcess, waitFor } from "./real-process.ts";
import { startLocalService, startMockAi } from "./stack.ts";

/**
 * The measuring instrument against a server of known speed: the mock AI server answers with a
 * 50 ms TTFT and 10 ms between tokens, and the numbers that come back must say so. Real
 * processes on loopback: mock AI server, Client Service (local adapter), the agents its jobs start.
 */
describe("measurement on real processes", () => {
  let dir: string;
  let mock: RealProcess;
  let service: RealProcess;
  let mockUrl: string;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aifc-measure-"));
    ({ mock, url: mockUrl } = await startMockAi([
      "--ttft-ms",
      "50",
      "--itl-ms",
      "10",
      "--output-tokens",
      "12",
    ]));
    // The local jobs inherit this, so the agents keep their records under the test's folder.
    ({ service, api } = await startLocalService(mockUrl, dir, {
      AIFC_RECORDS_DIR: join(dir, "agent-records"),
    }));
  });

  afterAll(async () => {
    await service?.stop();
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = async (id: number) => (await http("GET", `${api}/client-group/${id}`)).body.info;

  async function runToCompletion(id: number, body: Record<string, unknown>) {
    const created = await http("POST", `${api}/client-group/${id}`, { time_limit: 2, ...body });
    expect(created.status).toBe(201);
    await waitFor("the group to be ready", async () => {
      const state = await info(id);
      if (state.state === "failed") throw new Error(`group failed: ${state.reason}`);
      return state.state === "ready" ? true : undefined;
    });
    const run = await http("POST", `${api}/client-group/${id}/run`);
    expect(run.status).toBe(200);
    expect(run.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
  }

  async function results(id: number) {
    await waitFor(
      "the group to complete",
      async () => {
        const state = await info(id);
        if (state.state === "failed") throw new Error(`group failed: ${state.reason}`);
        return state.state === "completed" ? true : undefined;
      },
      60_000,
    );
    const res = await http("GET", `${api}/client-group/${id}/results`);
    expect(res.status).toBe(200);
    return res.body;
  }

  test("a closed loop measures the server's 50 ms TTFT and 10 ms ITL", async () => {
    await runToCompletion(1, {
      num_clients: 4,
      workload: { max_tokens: 12 },
      load: { requests: 40 },
    });
    const r = await results(1);
    expect(r.requests).toEqual({ completed: 40, failed: 0, warmup: 0 });
    const { ttft, itl, tpot, e2e } = r.latency_ms;
    expect(ttft.p50).toBeGreaterThanOrEqual(48);
    expect(ttft.p50).toBeLessThan(80);
    expect(itl.p50).toBeGreaterThanOrEqual(8);
    expect(itl.p50).toBeLessThan(16);
    expect(tpot.mean).toBeGreaterThanOrEqual(9);
    expect(tpot.mean).toBeLessThan(16);
    // 12 tokens: the first after ~50 ms, then 11 gaps of ~10 ms.
    expect(e2e.p50).toBeGreaterThanOrEqual(155);
    expect(e2e.p50).toBeLessThan(260);
    expect(r.latency_ms.ttft_from_intended).toBeNull();
    expect(r.latency_ms.schedule_lag).toBeNull();
    expect(r.schedule).toBeNull();
  });

  test("a Poisson open loop at 50 req/s keeps its rate and schedule, with records", async () => {
    const seed = 2024;
    await runToCompletion(2, {
      num_clients: 1,
      workload: { max_tokens: 12 },
      load: { pattern: "poisson", rate: 50, duration_s: 4, seed, records: true },
    });
    // Progress while it runs: the current rate shows in the group's info.
    const rate = await waitFor("a progress rate", async () => {
      const state = await info(2);
      return state.progress.rate_per_s > 0 ? state.progress.rate_per_s : undefined;
    });
    expect(rate).toBeGreaterThan(10);
    expect(rate).toBeLessThan(120);

    const r = await results(2);
    // The same seed gives the same arrivals: the agent (task 0) used seed + 0.
    const schedule = arrivalSchedule(
      { pattern: "poisson", ratePerS: 50, burstiness: 1, rampUpMs: 0 },
      seededRandom(seed),
    );
    let expected = 0;
    while (schedule.next().value < 4000) expected += 1;
    expect(r.schedule.sent).toBe(expected);
    expect(r.requests.completed + r.requests.failed).toBe(expected);
    expect(r.schedule.not_sent).toBe(0);
    expect(r.schedule.window_s).toBe(4);
    expect(Math.abs(r.schedule.achieved_rate_per_s - 50) / 50).toBeLessThan(0.15);
    expect(r.schedule.target_rate_per_s).toBe(50);
    expect(r.latency_ms.schedule_lag.p99).toBeLessThan(25);
    expect(r.schedule.late).toBeLessThan(expected * 0.05);
    // From the intended time, latency can only be longer, by the (small) lag.
    expect(r.latency_ms.ttft_from_intended.p50).toBeGreaterThanOrEqual(r.latency_ms.ttft.p50);
    expect(r.latency_ms.ttft_from_intended.p50 - r.latency_ms.ttft.p50).toBeLessThan(10);
    expect(r.latency_ms.ttft.p50).toBeGreaterThanOrEqual(48);
    expect(r.latency_ms.ttft.p50).toBeLessThan(80);

    const records = await waitFor("the records upload", async () => {
      const res = await fetch(`${api}/client-group/2/records`);
      return res.status === 200 ? res : undefined;
    });
    expect(records.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await records.text())
      .trim()
      .split("\n")
      .map((line) => RequestRecordLine.parse(JSON.parse(line)));
    expect(lines).toHaveLength(expected);
    expect(lines.every((l) => l.task_index === 0 && l.schedule_lag_ms >= 0)).toBe(true);
    const span = (lines.at(-1)?.intended_at ?? 0) - (lines[0]?.intended_at ?? 0);
    expect(span).toBeGreaterThan(3000);
    expect(span).toBeLessThan(4000);
  });

  test("a 2-node group's merged results count both agents' requests", async () => {
    await runToCompletion(3, {
      num_clients: 2,
      nodes: 2,
      workload: { max_tokens: 4 },
      load: { pattern: "constant", rate: 20, requests: 20 },
    });
    const r = await results(3);
    expect(r.requests).toEqual({ completed: 20, failed: 0, warmup: 0 });
    expect(r.agents).toHaveLength(2);
    expect(r.agents.map((a: { requests: number }) => a.requests)).toEqual([10, 10]);
    // Each agent sent at 10/s; together the group's 20/s.
    expect(r.schedule.target_rate_per_s).toBe(20);
    expect(r.schedule.sent).toBe(20);
    expect(Math.abs(r.schedule.achieved_rate_per_s - 20) / 20).toBeLessThan(0.15);
    expect(r.latency_ms.e2e_from_intended.max).toBeGreaterThanOrEqual(r.latency_ms.e2e.max);
    expect(r.latency_ms.ttft.min).toBeGreaterThanOrEqual(48);
  });
});
