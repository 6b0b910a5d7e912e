import { afterEach, describe, expect, test } from "bun:test";
import {
  createAgentMetrics,
  E2E_BUCKETS_S,
  TTFT_BUCKETS_S,
} from "../../../../core/agent/agent-metrics.ts";
import { createAgentRuntime } from "../../../../core/agent/agent-runtime.ts";
import { manualClock } from "../../../../core/clock.ts";
import { abortableSleep } from "../../../../core/loadgen/abortable-sleep.ts";
import { memoryLogger } from "../../../../core/log.ts";
import { createMonitorProxy } from "../../../../core/observers/monitor-proxy.ts";
import { LoadSpec } from "../../../../core/schemas/load-spec.ts";
import { createAgentApp } from "../../../../handlers/agent/index.ts";
import { startTinyAiServer, type TinyOptions } from "../../loadgen/tiny-ai-server.ts";
import { parsePrometheus, sampleValue } from "./prometheus-text.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const idle = {
  phase: "idle" as const,
  observers: 0,
  observer_updates: { sent: 0, failed: 0, dropped: 0 },
};
const ids = { benchmark_id: "3", task_index: "1" };
const ok = (ttft_ms: number, e2e_ms: number, output_tokens = 4) => ({
  ok: true,
  error: null,
  ttft_ms,
  e2e_ms,
  output_tokens,
});
const failed = (error: string) => ({
  ok: false,
  error,
  ttft_ms: null,
  e2e_ms: 3,
  output_tokens: 0,
});

describe("createAgentMetrics", () => {
  test("an agent that did nothing yet exposes every family at zero, labelled with its ids", () => {
    const metrics = createAgentMetrics({ benchmark_id: 3, task_index: 1 });
    const { samples, types } = parsePrometheus(metrics.render(idle));
    expect(types.get("aifc_agent_requests_total")).toBe("counter");
    expect(types.get("aifc_agent_ttft_seconds")).toBe("histogram");
    expect(types.get("aifc_agent_e2e_seconds")).toBe("histogram");
    expect(types.get("aifc_agent_requests_in_flight")).toBe("gauge");
    expect(types.get("aifc_agent_phase")).toBe("gauge");
    for (const sample of samples) expect(sample.labels).toMatchObject(ids);
    expect(sampleValue(samples, "aifc_agent_requests_total", { outcome: "ok" })).toBe(0);
    expect(sampleValue(samples, "aifc_agent_requests_total", { outcome: "http_429" })).toBe(0);
    expect(sampleValue(samples, "aifc_agent_phase", { phase: "idle" })).toBe(1);
    expect(sampleValue(samples, "aifc_agent_phase", { phase: "running" })).toBe(0);
    expect(sampleValue(samples, "aifc_agent_ttft_seconds_count")).toBe(0);
  });

  test("requests are counted by outcome and latencies land in their le buckets", () => {
    const metrics = createAgentMetrics({ benchmark_id: 3, task_index: 1 });
    metrics.record(ok(10, 100, 5)); // 0.01 s: exactly a bound, so inside it
    metrics.record(ok(30, 400, 7));
    metrics.record(ok(30_000, 9_000_000, 1)); // 30 s to first token; 9000 s is past every E2E bound
    metrics.record(failed("http_5xx"));
    metrics.record(failed("http_5xx"));
    metrics.record(failed("aborted_stream"));
    metrics.record(failed("something_new"));
    const { samples } = parsePrometheus(
      metrics.render({
        ...idle,
        phase: "running",
        observers: 2,
        observer_updates: { sent: 5, failed: 1, dropped: 3 },
      }),
    );
    const requests = (outcome: string) =>
      sampleValue(samples, "aifc_agent_requests_total", { outcome });
    expect([
      requests("ok"),
      requests("http_5xx"),
      requests("aborted_stream"),
      requests("something_new"),
    ]).toEqual([3, 2, 1, 1]);
    expect(sampleValue(samples, "aifc_agent_output_tokens_total")).toBe(13);
    const ttft = (le: string) => sampleValue(samples, "aifc_agent_ttft_seconds_bucket", { le });
    expect([
      ttft("0.005"),
      ttft("0.01"),
      ttft("0.02"),
      ttft("0.04"),
      ttft("20"),
      ttft("40"),
      ttft("+Inf"),
    ]).toEqual([0, 1, 1, 2, 2, 3, 3]);
    expect(sampleValue(samples, "aifc_agent_ttft_seconds_sum")).toBeCloseTo(30.04, 9);
    expect(sampleValue(samples, "aifc_agent_ttft_seconds_count")).toBe(3);
    const e2e = (le: string) => sampleValue(samples, "aifc_agent_e2e_seconds_bucket", { le });
    expect([e2e("0.1"), e2e("0.5"), e2e("7680"), e2e("+Inf")]).toEqual([1, 2, 2, 3]);
    expect(sampleValue(samples, "aifc_agent_phase", { phase: "running" })).toBe(1);
    expect(sampleValue(samples, "aifc_agent_observers")).toBe(2);
    const updates = (result: string) =>
      sampleValue(samples, "aifc_agent_observer_updates_total", { result });
    expect([updates("sent"), updates("failed"), updates("dropped")]).toEqual([5, 1, 3]);
  });

  test("every histogram's buckets rise to its +Inf bucket, which equals its count", () => {
    const metrics = createAgentMetrics({ benchmark_id: 3, task_index: 1 });
    for (let i = 0; i < 500; i += 1) metrics.record(ok(i * 7.3, i * 97.1));
    const { samples } = parsePrometheus(metrics.render(idle));
    for (const [name, bounds] of [
      ["aifc_agent_ttft_seconds", TTFT_BUCKETS_S],
      ["aifc_agent_e2e_seconds", E2E_BUCKETS_S],
    ] as const) {
      const buckets = samples.filter((s) => s.name === `${name}_bucket`);
      expect(buckets.map((b) => b.labels.le)).toEqual([...bounds.map(String), "+Inf"]);
      const values = buckets.map((b) => b.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values.at(-1)).toBe(sampleValue(samples, `${name}_count`));
    }
    expect(sampleValue(samples, "aifc_agent_e2e_seconds_bucket", { le: "1" })).toBe(11); // i*97.1 ms <= 1 s: i = 0..10
  });

  test("generation requests sent count as in flight until recorded; the end of a run clears them", async () => {
    const metrics = createAgentMetrics({ benchmark_id: 3, task_index: 1 });
    const fetchFn = metrics.countSent(async () => new Response("ok"));
    await fetchFn("http://ai/v1/completions");
    await fetchFn("http://ai/v1/chat/completions");
    await fetchFn(new URL("http://ai/api/v1/vllm/7/prompt"));
    await fetchFn("http://ai/api/v1/services", { method: "POST" });
    const inFlight = () =>
      sampleValue(parsePrometheus(metrics.render(idle)).samples, "aifc_agent_requests_in_flight");
    expect(inFlight()).toBe(3);
    metrics.record(ok(1, 2));
    expect(inFlight()).toBe(2);
    metrics.runEnded();
    expect(inFlight()).toBe(0);
  });
});

function realAgent(ai: TinyOptions, clients: number) {
  const server = startTinyAiServer(ai);
  cleanups.push(server.stop);
  const runtime = createAgentRuntime({
    identity: {
      benchmark_id: 3,
      task_index: 1,
      num_tasks: 2,
      num_clients: clients,
      server_addr: server.baseUrl,
      client_service_addr: "http://127.0.0.1:1",
      local_address: "http://127.0.0.1:2",
    },
    clock: manualClock(),
    monotonic: () => performance.now(),
    fetch,
    sleep: abortableSleep,
    log: memoryLogger().logger,
    notifier: createMonitorProxy({ fetch }),
    service: {
      progress: async () => ({ ok: true, status: 200 }),
      uploadResults: async () => ({ ok: true, status: 200 }),
    },
  });
  const app = createAgentApp({ runtime });
  const scrape = async () => {
    const response = await app.request("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    return parsePrometheus(await response.text()).samples;
  };
  const run = (spec: Record<string, unknown>) =>
    runtime.startRun({ run_id: "r", base_url: server.baseUrl, spec: LoadSpec.parse(spec) });
  return { runtime, scrape, run };
}

describe("GET /metrics on the agent", () => {
  test("shows the requests in flight and the phase while running, and the counts once done", async () => {
    const agent = realAgent({ ttftMs: 150, tokens: 3 }, 3);
    // Task 1 of 2 gets half of the group's 12 requests.
    agent.run({ load: { requests: 12 } });
    await Bun.sleep(60);
    const running = await agent.scrape();
    expect(sampleValue(running, "aifc_agent_phase", { phase: "running" })).toBe(1);
    expect(sampleValue(running, "aifc_agent_requests_in_flight")).toBe(3);
    expect(await agent.runtime.finished).toBe(0);
    const done = await agent.scrape();
    expect(sampleValue(done, "aifc_agent_phase", { phase: "done" })).toBe(1);
    expect(sampleValue(done, "aifc_agent_requests_in_flight")).toBe(0);
    expect(sampleValue(done, "aifc_agent_requests_total", { outcome: "ok" })).toBe(6);
    expect(sampleValue(done, "aifc_agent_output_tokens_total")).toBe(18);
    expect(sampleValue(done, "aifc_agent_ttft_seconds_count")).toBe(6);
    expect(sampleValue(done, "aifc_agent_ttft_seconds_bucket", { le: "0.1" })).toBe(0);
    expect(sampleValue(done, "aifc_agent_ttft_seconds_bucket", { le: "0.25" })).toBe(6);
  });

  test("failed requests are counted under their error class", async () => {
    const agent = realAgent({ mode: { status: 429 } }, 2);
    agent.run({ load: { requests: 8 } });
    await agent.runtime.finished;
    const samples = await agent.scrape();
    expect(sampleValue(samples, "aifc_agent_requests_total", { outcome: "http_429" })).toBe(4);
    expect(sampleValue(samples, "aifc_agent_requests_total", { outcome: "ok" })).toBe(0);
    expect(sampleValue(samples, "aifc_agent_ttft_seconds_count")).toBe(0);
  });
});
