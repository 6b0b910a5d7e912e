import type { ObserverUpdate } from "../schemas/agent.ts";

export type ObserverAddress = { ip_address: string; port: number };

export type ObserverNotifierOptions = {
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** Posts waiting on one observer beyond which its updates are dropped (and counted). */
  maxInFlight?: number;
  /** How long one post may take before it is given up. */
  timeoutMs?: number;
};

export type ObserverNotifier = {
  /** Adds a monitor; registering the same address twice keeps one. */
  add(observer: ObserverAddress): void;
  count(): number;
  /** Sends the update to every observer without waiting for any of them. */
  notify(update: ObserverUpdate): void;
  /** Updates sent, dropped because an observer was too slow, and failed (refused, timed out). */
  stats(): { sent: number; dropped: number; failed: number };
  /** Resolves when every post under way has ended. */
  settle(): Promise<void>;
};

/** `http://host:port/update`, with brackets around an IPv6 address. */
export function observerUrl(observer: ObserverAddress): string {
  const host = observer.ip_address.includes(":") ? `[${observer.ip_address}]` : observer.ip_address;
  return `http://${host}:${observer.port}/update`;
}

/**
 * Tells registered monitors about every finished request by POSTing an `ObserverUpdate` to
 * `http://{ip_address}:{port}/update`. It must never slow the load: posts are fire and forget,
 * each with a short timeout, and an observer with `maxInFlight` posts still open gets no more
 * until one ends (the rest are dropped and counted). A dead observer costs a refused connection.
 */
export function createObserverNotifier(options: ObserverNotifierOptions): ObserverNotifier {
  const maxInFlight = options.maxInFlight ?? 64;
  const timeoutMs = options.timeoutMs ?? 2000;
  const observers = new Map<string, { url: string; inFlight: number }>();
  const pending = new Set<Promise<unknown>>();
  const stats = { sent: 0, dropped: 0, failed: 0 };

  const post = (target: { url: string; inFlight: number }, body: string) => {
    target.inFlight += 1;
    stats.sent += 1;
    const done = options
      .fetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      .then(
        (response) => {
          if (!response.ok) stats.failed += 1;
          // Releases the connection; the observer's answer is not needed.
          return response.body?.cancel();
        },
        () => {
          stats.failed += 1;
        },
      )
      .catch(() => undefined)
      .finally(() => {
        target.inFlight -= 1;
        pending.delete(done);
      });
    pending.add(done);
  };

  return {
    add(observer) {
      const url = observerUrl(observer);
      if (!observers.has(url)) observers.set(url, { url, inFlight: 0 });
    },
    count: () => observers.size,
    notify(update) {
      if (observers.size === 0) return;
      const body = JSON.stringify(update);
      for (const target of observers.values()) {
        if (target.inFlight >= maxInFlight) stats.dropped += 1;
        else post(target, body);
      }
    },
    stats: () => ({ ...stats }),
    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
