import type { FetchFn } from "../loadgen/fetch-fn.ts";
import type { ObserverUpdate } from "../schemas/agent.ts";

/** What became of one observer's updates: delivered (2xx), failed (refused, timed out, non-2xx), dropped. */
export type DeliveryCounts = { sent: number; failed: number; dropped: number };

export type ObserverQueueOptions = {
  url: string;
  fetch: FetchFn;
  /** Updates that may wait behind the one being posted; beyond that the oldest is dropped. */
  capacity: number;
  /** How long one post may take before it is given up. */
  timeoutMs: number;
};

export type ObserverQueue = {
  /** Queues an update and returns at once. */
  push(update: ObserverUpdate): void;
  counts(): DeliveryCounts;
  /**
   * Waits until every queued update has been posted, or `ms` have passed; then gives up what
   * is left (counted as dropped, the post under way aborted) and takes no more updates.
   */
  close(ms: number): Promise<void>;
};

/**
 * The road to one observer: a bounded queue and at most one post in flight, each with a short
 * timeout, so a slow or dead observer costs the load nothing but a few dropped updates. The
 * `dropped` field of an update is filled in when it is sent, so the observer sees the count
 * as of that moment.
 */
export function createObserverQueue(options: ObserverQueueOptions): ObserverQueue {
  const waiting: ObserverUpdate[] = [];
  const counts: DeliveryCounts = { sent: 0, failed: 0, dropped: 0 };
  let inFlight: AbortController | null = null;
  let closed = false;
  let onIdle: (() => void) | null = null;

  const pump = () => {
    const next = waiting.shift();
    if (next === undefined) {
      onIdle?.();
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(options.timeoutMs)]);
    const body = JSON.stringify({ ...next, dropped: counts.dropped });
    const init = { method: "POST", headers: { "content-type": "application/json" }, body, signal };
    // A fetch that throws instead of rejecting is a failed post too, never the caller's problem.
    new Promise<Response>((resolve) => resolve(options.fetch(options.url, init)))
      .then(
        async (response) => {
          if (response.ok) counts.sent += 1;
          else counts.failed += 1;
          // Releases the connection; the observer's answer is not needed.
          await response.body?.cancel().catch(() => undefined);
        },
        () => {
          counts.failed += 1;
        },
      )
      .finally(() => {
        inFlight = null;
        pump();
      });
  };

  return {
    push(update) {
      if (closed) {
        counts.dropped += 1;
        return;
      }
      if (waiting.length >= options.capacity) {
        waiting.shift();
        counts.dropped += 1;
      }
      waiting.push(update);
      if (inFlight === null) pump();
    },
    counts: () => ({ ...counts }),
    async close(ms) {
      closed = true;
      if (inFlight !== null || waiting.length > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          onIdle = resolve;
          timer = setTimeout(resolve, ms);
        });
        clearTimeout(timer);
        onIdle = null;
      }
      counts.dropped += waiting.splice(0).length;
      inFlight?.abort(new Error("the agent stopped waiting for this observer"));
    },
  };
}
