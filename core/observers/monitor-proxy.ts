import { type Clock, systemClock } from "../clock.ts";
import { conflict } from "../errors.ts";
import type { FetchFn } from "../loadgen/fetch-fn.ts";
import type { ObserverUpdate } from "../schemas/agent.ts";
import { type ObserverNotifier, type ObserverTarget, observerUrl } from "./observer-notifier.ts";
import { createObserverQueue, type DeliveryCounts, type ObserverQueue } from "./observer-queue.ts";
import { createRequestWindow, type RequestWindow } from "./request-window.ts";

/** Calls `tick` every `ms` until the returned function is called. */
export type Every = (ms: number, tick: () => void) => () => void;

export type MonitorProxyOptions = {
  fetch: FetchFn;
  /** Wall time, for the updates' timestamps. */
  clock?: Clock;
  /** Monotonic milliseconds, for the windows' durations and rates. */
  monotonic?: () => number;
  /** The interval timer; tests pass one they fire by hand. */
  every?: Every;
  /** Updates that may wait for one observer (default 16). */
  queueSize?: number;
  /** How long one post may take (default 2000 ms). */
  timeoutMs?: number;
  /** How long `end()` waits for the last updates to go out (default `timeoutMs` + 500 ms). */
  finalWaitMs?: number;
  /** Observers one agent accepts (default 32). */
  maxObservers?: number;
};

export type RunIds = { benchmark_id: number; task_index: number; run_id: string };

/** The agent's observers: the load notifies it, it tells each observer at its own pace. */
export type MonitorProxy = ObserverNotifier & {
  /** Registers an observer (the same address again just changes its interval); a 409 AppError past the limit. */
  add(observer: ObserverTarget): void;
  count(): number;
  /** Opens a run: totals start from zero and every observer's interval timer starts. */
  begin(run: RunIds): void;
  /** Sends every observer its final update and resolves once they are out (or given up). */
  end(): Promise<void>;
  /** Updates delivered, failed and dropped, summed over the observers. */
  counts(): DeliveryCounts;
};

type Watcher = {
  target: ObserverTarget;
  queue: ObserverQueue;
  window: RequestWindow;
  fromWall: number;
  fromMono: number;
  seq: number;
  stopTimer: (() => void) | null;
};

type Run = RunIds & { startedWall: number; startedMono: number; totals: RequestWindow };

const intervalTimer: Every = (ms, tick) => {
  const timer = setInterval(tick, ms);
  return () => clearInterval(timer);
};

/**
 * MonitorProxy (the original's name): every registered observer gets an `ObserverUpdate`
 * POSTed to `http://{ip_address}:{port}/update` every `interval_ms` while a run is in progress,
 * with the stats of the window since its previous update and the run's totals, and a final one
 * when the run ends. The load only calls `notify`, which adds the request to a few counters and
 * returns; posting happens on each observer's own bounded queue, so a slow or dead observer
 * never slows the load.
 */
export function createMonitorProxy(options: MonitorProxyOptions): MonitorProxy {
  const clock = options.clock ?? systemClock;
  const monotonic = options.monotonic ?? (() => performance.now());
  const every = options.every ?? intervalTimer;
  const timeoutMs = options.timeoutMs ?? 2000;
  const finalWaitMs = options.finalWaitMs ?? timeoutMs + 500;
  const maxObservers = options.maxObservers ?? 32;
  const watchers = new Map<string, Watcher>();
  let run: Run | null = null;
  let ended = false;

  const openWindow = (watcher: Watcher) => {
    watcher.window = createRequestWindow();
    watcher.fromWall = clock.now();
    watcher.fromMono = monotonic();
  };

  const send = (watcher: Watcher, current: Run, final: boolean) => {
    const wall = clock.now();
    const mono = monotonic();
    watcher.seq += 1;
    const update: ObserverUpdate = {
      benchmark_id: current.benchmark_id,
      task_index: current.task_index,
      run_id: current.run_id,
      seq: watcher.seq,
      final,
      sent_at: wall / 1000,
      run_started_at: current.startedWall / 1000,
      window: {
        from: watcher.fromWall / 1000,
        to: wall / 1000,
        ...watcher.window.stats(mono - watcher.fromMono),
      },
      totals: current.totals.stats(mono - current.startedMono),
      dropped: 0,
    };
    watcher.queue.push(update);
    openWindow(watcher);
  };

  const startTimer = (watcher: Watcher, current: Run) => {
    watcher.stopTimer?.();
    watcher.stopTimer = every(watcher.target.interval_ms, () => send(watcher, current, false));
  };

  return {
    add(target) {
      const url = observerUrl(target);
      const known = watchers.get(url);
      if (known) {
        known.target = target;
        if (run && !ended) startTimer(known, run);
        return;
      }
      if (watchers.size >= maxObservers) {
        throw conflict(`This agent already notifies ${maxObservers} observers, its limit`);
      }
      const queue = createObserverQueue({
        url,
        fetch: options.fetch,
        capacity: options.queueSize ?? 16,
        timeoutMs,
      });
      const watcher: Watcher = {
        target,
        queue,
        window: createRequestWindow(),
        fromWall: clock.now(),
        fromMono: monotonic(),
        seq: 0,
        stopTimer: null,
      };
      watchers.set(url, watcher);
      if (run && !ended) startTimer(watcher, run);
    },
    count: () => watchers.size,
    begin(ids) {
      if (run !== null) return;
      run = {
        ...ids,
        startedWall: clock.now(),
        startedMono: monotonic(),
        totals: createRequestWindow(),
      };
      for (const watcher of watchers.values()) {
        openWindow(watcher);
        startTimer(watcher, run);
      }
    },
    notify(notice) {
      if (run === null || ended || notice.run_id !== run.run_id) return;
      run.totals.add(notice.request);
      for (const watcher of watchers.values()) watcher.window.add(notice.request);
    },
    async end() {
      if (run === null || ended) return;
      ended = true;
      for (const watcher of watchers.values()) {
        watcher.stopTimer?.();
        watcher.stopTimer = null;
        send(watcher, run, true);
      }
      await Promise.all([...watchers.values()].map((w) => w.queue.close(finalWaitMs)));
    },
    counts() {
      const sum: DeliveryCounts = { sent: 0, failed: 0, dropped: 0 };
      for (const watcher of watchers.values()) {
        const c = watcher.queue.counts();
        sum.sent += c.sent;
        sum.failed += c.failed;
        sum.dropped += c.dropped;
      }
      return sum;
    },
  };
}
