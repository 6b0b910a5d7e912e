import { describe, expect, test } from "bun:test";
import { AppError } from "../../../core/errors.ts";
import { createMonitorProxy } from "../../../core/observers/monitor-proxy.ts";
import type { RequestNotice } from "../../../core/observers/observer-notifier.ts";
import { ObserverUpdate } from "../../../core/schemas/agent.ts";
import { fakeTime, recordingFetch, settle } from "./fake-time.ts";

const RUN = { benchmark_id: 7, task_index: 1, run_id: "run-a" };

const notice = (
  request: Partial<RequestNotice["request"]> = {},
  run_id = "run-a",
): RequestNotice => ({
  benchmark_id: 7,
  task_index: 1,
  run_id,
  request: { ok: true, error: null, ttft_ms: 10, e2e_ms: 100, output_tokens: 5, ...request },
});

/** Percentiles come from a DDSketch: within 1% of the true value. */
const withinOnePercent = (value: number | null | undefined, expected: number) =>
  typeof value === "number" && Math.abs(value - expected) <= expected * 0.01;

function world(options: { queueSize?: number; maxObservers?: number } = {}) {
  const time = fakeTime();
  const network = recordingFetch();
  const proxy = createMonitorProxy({ fetch: network.fetch, ...time, ...options });
  /** The updates each observer port received, parsed with the published schema. */
  const updatesTo = (port: number) =>
    network.posts
      .filter((p) => p.url === `http://127.0.0.1:${port}/update`)
      .map((p) => ObserverUpdate.parse(p.body));
  const add = (port: number, interval_ms: number) =>
    proxy.add({ ip_address: "127.0.0.1", port, interval_ms });
  return { time, network, proxy, updatesTo, add };
}

describe("createMonitorProxy", () => {
  test("each observer gets an update every interval_ms of its own while the run goes", async () => {
    const { time, proxy, updatesTo, add } = world();
    add(9001, 250);
    add(9002, 1000);
    time.advance(5000);
    expect(updatesTo(9001)).toEqual([]);
    proxy.begin(RUN);
    time.advance(1000);
    await settle();
    expect(updatesTo(9001).map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    expect(updatesTo(9002).map((u) => u.seq)).toEqual([1]);
    expect(updatesTo(9001)[1]).toMatchObject({
      ...RUN,
      final: false,
      sent_at: 1_700_000_005.5,
      run_started_at: 1_700_000_005,
      window: { from: 1_700_000_005.25, to: 1_700_000_005.5, duration_s: 0.25 },
    });
  });

  test("a window holds the requests since the observer's last update; totals all since the start", async () => {
    const { time, proxy, updatesTo, add } = world();
    add(9001, 1000);
    proxy.begin(RUN);
    proxy.notify(notice({ ttft_ms: 10, e2e_ms: 100 }));
    proxy.notify(notice({ ttft_ms: 20, e2e_ms: 200 }));
    proxy.notify(notice({ ttft_ms: 30, e2e_ms: 300 }));
    proxy.notify(notice({ ok: false, error: "http_5xx", ttft_ms: null, output_tokens: 0 }));
    time.advance(1000);
    proxy.notify(notice({ ttft_ms: 40, e2e_ms: 400, output_tokens: 7 }));
    time.advance(1000);
    await settle();
    const [first, second] = updatesTo(9001);
    expect(first?.window).toMatchObject({
      requests: 4,
      completed: 3,
      failed: 1,
      errors: { http_5xx: 1 },
      output_tokens: 15,
      requests_per_s: 3,
      output_tokens_per_s: 15,
    });
    expect(withinOnePercent(first?.window.ttft_ms.p50, 20)).toBe(true);
    expect(withinOnePercent(first?.window.e2e_ms.p50, 200)).toBe(true);
    expect(second?.window).toMatchObject({
      requests: 1,
      completed: 1,
      failed: 0,
      errors: {},
      output_tokens: 7,
    });
    expect(withinOnePercent(second?.window.ttft_ms.p50, 40)).toBe(true);
    expect(second?.totals).toMatchObject({
      requests: 5,
      completed: 4,
      failed: 1,
      errors: { http_5xx: 1 },
      output_tokens: 22,
      duration_s: 2,
      requests_per_s: 2,
      output_tokens_per_s: 11,
    });
  });

  test("the end sends every observer a final update and stops the timers", async () => {
    const { time, proxy, updatesTo, add } = world();
    add(9001, 1000);
    add(9002, 300);
    proxy.begin(RUN);
    time.advance(1500);
    proxy.notify(notice());
    time.advance(100);
    await proxy.end();
    expect(time.running()).toEqual([]);
    time.advance(5000);
    await settle();
    const first = updatesTo(9001);
    expect(first.map((u) => [u.seq, u.final])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(first[1]?.window).toMatchObject({ requests: 1, duration_s: 0.6 });
    expect(first[1]?.totals).toMatchObject({ requests: 1, duration_s: 1.6 });
    expect(updatesTo(9002).map((u) => u.final)).toEqual([false, false, false, false, false, true]);
  });

  test("requests of another run, or after the end, change nothing", async () => {
    const { proxy, updatesTo, add } = world();
    add(9001, 1000);
    proxy.notify(notice());
    proxy.begin(RUN);
    proxy.notify(notice({}, "run-b"));
    proxy.notify(notice());
    await proxy.end();
    proxy.notify(notice());
    expect(updatesTo(9001).map((u) => u.totals.requests)).toEqual([1]);
  });

  test("an observer registered during the run starts at once, its first window from then", async () => {
    const { time, proxy, updatesTo, add } = world();
    proxy.begin(RUN);
    proxy.notify(notice());
    time.advance(700);
    add(9001, 500);
    proxy.notify(notice());
    time.advance(500);
    await settle();
    const [first] = updatesTo(9001);
    expect(first?.window).toMatchObject({ requests: 1, duration_s: 0.5 });
    expect(first?.totals).toMatchObject({ requests: 2, duration_s: 1.2 });
  });

  test("the same address again is one observer with the new interval; past the limit is a 409", async () => {
    const { time, proxy, updatesTo, add } = world({ maxObservers: 2 });
    add(9001, 1000);
    proxy.begin(RUN);
    add(9001, 100);
    expect(proxy.count()).toBe(1);
    expect(time.running()).toEqual([100]);
    time.advance(1000);
    await settle();
    expect(updatesTo(9001)).toHaveLength(10);
    add(9002, 100);
    let refused: unknown = null;
    try {
      add(9003, 100);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(409);
    expect(proxy.count()).toBe(2);
  });

  test("an observer that never answers costs notify nothing; its queue drops the oldest", async () => {
    const time = fakeTime();
    const hanging = recordingFetch(() => new Promise<Response>(() => undefined));
    const proxy = createMonitorProxy({
      fetch: hanging.fetch,
      ...time,
      queueSize: 3,
      finalWaitMs: 20,
    });
    proxy.add({ ip_address: "127.0.0.1", port: 9001, interval_ms: 10 });
    proxy.begin(RUN);
    const started = performance.now();
    for (let i = 0; i < 100_000; i += 1) proxy.notify(notice({ e2e_ms: i % 1000 }));
    expect(performance.now() - started).toBeLessThan(1000);
    time.advance(100);
    await settle();
    // 10 updates: the first is under way, 3 wait, 6 were dropped.
    expect(hanging.posts).toHaveLength(1);
    expect(proxy.counts()).toEqual({ sent: 0, failed: 0, dropped: 6 });
    await proxy.end();
    // The final update pushed one more out; after the wait the 3 left are given up.
    expect(proxy.counts()).toEqual({ sent: 0, failed: 0, dropped: 10 });
  });

  test("with no run ever begun, the end sends nothing", async () => {
    const { proxy, network, add } = world();
    add(9001, 10);
    await proxy.end();
    expect(network.posts).toEqual([]);
  });
});
