import { afterEach, describe, expect, test } from "bun:test";
import { createObserverQueue } from "../../../core/observers/observer-queue.ts";
import type { ObserverUpdate } from "../../../core/schemas/agent.ts";
import { recordingFetch, settle } from "./fake-time.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const stats = {
  requests: 0,
  completed: 0,
  failed: 0,
  warmup: 0,
  errors: {},
  output_tokens: 0,
  duration_s: 1,
  requests_per_s: 0,
  output_tokens_per_s: 0,
  ttft_ms: { p50: null, p99: null },
  e2e_ms: { p50: null },
};
const update = (seq: number): ObserverUpdate => ({
  benchmark_id: 1,
  task_index: 0,
  run_id: "r",
  seq,
  final: false,
  sent_at: 1,
  run_started_at: 0,
  window: { from: 0, to: 1, ...stats },
  totals: stats,
  dropped: 0,
});

function observer(delayMs = 0) {
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
  return { received, url: `http://127.0.0.1:${server.port}/update` };
}

function deadUrl(): string {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const port = server.port as number;
  server.stop(true);
  return `http://127.0.0.1:${port}/update`;
}

/** A fetch whose answers wait until `release()`. */
function heldFetch() {
  const recorder = recordingFetch(() => gate.then(() => new Response("ok")));
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { ...recorder, release: () => release() };
}

describe("createObserverQueue", () => {
  test("updates reach a live observer's /update as JSON, one after another, in order", async () => {
    const live = observer();
    const queue = createObserverQueue({ url: live.url, fetch, capacity: 16, timeoutMs: 2000 });
    for (const seq of [1, 2, 3]) queue.push(update(seq));
    await queue.close(2000);
    expect(live.received.map((r) => r.path)).toEqual(["/update", "/update", "/update"]);
    expect(live.received.map((r) => r.body.seq)).toEqual([1, 2, 3]);
    expect(queue.counts()).toEqual({ sent: 3, failed: 0, dropped: 0 });
  });

  test("only one post is in flight; a full queue drops the oldest update and counts it", async () => {
    const held = heldFetch();
    const queue = createObserverQueue({
      url: "http://o/update",
      fetch: held.fetch,
      capacity: 4,
      timeoutMs: 2000,
    });
    for (let seq = 1; seq <= 9; seq += 1) queue.push(update(seq));
    await settle();
    expect(held.posts.map((p) => p.body.seq)).toEqual([1]);
    expect(queue.counts()).toEqual({ sent: 0, failed: 0, dropped: 4 });
    held.release();
    await queue.close(1000);
    // 1 was under way; 2-5 were dropped for 6-9.
    expect(held.posts.map((p) => p.body.seq)).toEqual([1, 6, 7, 8, 9]);
    expect(held.posts.map((p) => p.body.dropped)).toEqual([0, 4, 4, 4, 4]);
    expect(queue.counts()).toEqual({ sent: 5, failed: 0, dropped: 4 });
  });

  test("push returns at once, whatever the observer is doing", () => {
    const held = heldFetch();
    const queue = createObserverQueue({
      url: "http://o/update",
      fetch: held.fetch,
      capacity: 16,
      timeoutMs: 2000,
    });
    const started = performance.now();
    for (let seq = 1; seq <= 10_000; seq += 1) queue.push(update(seq));
    expect(performance.now() - started).toBeLessThan(200);
    expect(queue.counts().dropped).toBe(10_000 - 17);
  });

  test("a dead observer's posts fail fast and are counted as failed", async () => {
    const queue = createObserverQueue({ url: deadUrl(), fetch, capacity: 16, timeoutMs: 2000 });
    const started = performance.now();
    for (const seq of [1, 2, 3, 4, 5]) queue.push(update(seq));
    await queue.close(5000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(queue.counts()).toEqual({ sent: 0, failed: 5, dropped: 0 });
  });

  test("a post that outlasts the timeout is given up and counted as failed", async () => {
    const stuck = observer(3000);
    const queue = createObserverQueue({ url: stuck.url, fetch, capacity: 16, timeoutMs: 100 });
    const started = performance.now();
    queue.push(update(1));
    await queue.close(2000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(queue.counts()).toEqual({ sent: 0, failed: 1, dropped: 0 });
  });

  test("an observer answering an error status counts as failed; a throwing fetch too", async () => {
    const refusing = recordingFetch(async () => new Response("no", { status: 503 }));
    const queue = createObserverQueue({
      url: "http://o/update",
      fetch: refusing.fetch,
      capacity: 16,
      timeoutMs: 100,
    });
    queue.push(update(1));
    await queue.close(1000);
    expect(queue.counts()).toEqual({ sent: 0, failed: 1, dropped: 0 });

    const throwing = () => {
      throw new TypeError("bad url");
    };
    const broken = createObserverQueue({
      url: "http://o/update",
      fetch: throwing,
      capacity: 16,
      timeoutMs: 100,
    });
    expect(() => broken.push(update(1))).not.toThrow();
    await broken.close(1000);
    expect(broken.counts()).toEqual({ sent: 0, failed: 1, dropped: 0 });
  });

  test("close stops waiting after its limit: what is queued is dropped, the post under way aborted", async () => {
    const hanging = recordingFetch((url) =>
      new Promise<Response>(() => undefined).then(() => new Response(url)),
    );
    let aborted = false;
    const fetchFn = (input: string | URL | Request, init?: RequestInit) => {
      init?.signal?.addEventListener("abort", () => {
        aborted = true;
      });
      return hanging.fetch(input, init);
    };
    const queue = createObserverQueue({
      url: "http://o/update",
      fetch: fetchFn,
      capacity: 16,
      timeoutMs: 60_000,
    });
    for (const seq of [1, 2, 3]) queue.push(update(seq));
    const started = performance.now();
    await queue.close(50);
    expect(performance.now() - started).toBeLessThan(500);
    expect(aborted).toBe(true);
    expect(queue.counts().dropped).toBe(2);
    queue.push(update(4));
    expect(queue.counts().dropped).toBe(3);
  });
});
