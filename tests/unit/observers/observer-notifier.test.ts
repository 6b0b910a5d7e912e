import { afterEach, describe, expect, test } from "bun:test";
import { createObserverNotifier, observerUrl } from "../../../core/observers/observer-notifier.ts";
import type { ObserverUpdate } from "../../../core/schemas/agent.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const update = (completed: number): ObserverUpdate => ({
  benchmark_id: 1,
  task_index: 0,
  run_id: "r",
  request: { ok: true, error: null, ttft_ms: 12, e2e_ms: 40, output_tokens: 3 },
  totals: { completed, failed: 0 },
});

function monitor(delayMs = 0) {
  const received: Array<{ path: string; body: ObserverUpdate }> = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const body = (await request.json()) as ObserverUpdate;
      if (delayMs > 0) await Bun.sleep(delayMs);
      received.push({ path: new URL(request.url).pathname, body });
      return Response.json({ ok: true });
    },
  });
  cleanups.push(() => server.stop(true));
  return { received, port: server.port as number };
}

function deadPort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const port = server.port as number;
  server.stop(true);
  return port;
}

describe("createObserverNotifier", () => {
  test("every update reaches a live observer's /update as JSON", async () => {
    const live = monitor();
    const notifier = createObserverNotifier({ fetch });
    notifier.add({ ip_address: "127.0.0.1", port: live.port });
    notifier.notify(update(1));
    notifier.notify(update(2));
    await notifier.settle();
    expect(live.received.map((r) => r.path)).toEqual(["/update", "/update"]);
    expect(live.received.map((r) => r.body.totals.completed).sort()).toEqual([1, 2]);
    expect(notifier.stats()).toEqual({ sent: 2, dropped: 0, failed: 0 });
  });

  test("a dead observer is harmless: notify returns at once and the failure is counted", async () => {
    const notifier = createObserverNotifier({ fetch });
    notifier.add({ ip_address: "127.0.0.1", port: deadPort() });
    const started = performance.now();
    notifier.notify(update(1));
    expect(performance.now() - started).toBeLessThan(20);
    await notifier.settle();
    expect(notifier.stats()).toEqual({ sent: 1, dropped: 0, failed: 1 });
  });

  test("a slow observer never delays the caller; beyond the bound updates are dropped", async () => {
    const slow = monitor(300);
    const notifier = createObserverNotifier({ fetch, maxInFlight: 8 });
    notifier.add({ ip_address: "127.0.0.1", port: slow.port });
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) notifier.notify(update(i));
    expect(performance.now() - started).toBeLessThan(100);
    expect(notifier.stats()).toMatchObject({ sent: 8, dropped: 92 });
    await notifier.settle();
    expect(slow.received).toHaveLength(8);
  });

  test("a post that takes longer than the timeout is given up", async () => {
    const stuck = monitor(2000);
    const notifier = createObserverNotifier({ fetch, timeoutMs: 100 });
    notifier.add({ ip_address: "127.0.0.1", port: stuck.port });
    const started = performance.now();
    notifier.notify(update(1));
    await notifier.settle();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(notifier.stats().failed).toBe(1);
  });

  test("one observer registered twice is notified once", async () => {
    const live = monitor();
    const notifier = createObserverNotifier({ fetch });
    notifier.add({ ip_address: "127.0.0.1", port: live.port });
    notifier.add({ ip_address: "127.0.0.1", port: live.port });
    expect(notifier.count()).toBe(1);
    notifier.notify(update(1));
    await notifier.settle();
    expect(live.received).toHaveLength(1);
  });

  test("an IPv6 observer's address gets brackets", () => {
    expect(observerUrl({ ip_address: "::1", port: 9 })).toBe("http://[::1]:9/update");
    expect(observerUrl({ ip_address: "10.0.0.5", port: 80 })).toBe("http://10.0.0.5:80/update");
  });
});
