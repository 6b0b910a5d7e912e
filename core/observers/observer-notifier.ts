/** Where an observer listens; its updates go to `http://{ip_address}:{port}/update`. */
export type ObserverAddress = { ip_address: string; port: number };

/** An observer as the agent keeps it: its address and how often it wants an update. */
export type ObserverTarget = ObserverAddress & { interval_ms: number };

/** What the load tells the observers about one finished request (not one cut short by a stop). */
export type RequestNotice = {
  benchmark_id: number;
  task_index: number;
  run_id: string;
  request: {
    ok: boolean;
    error: string | null;
    ttft_ms: number | null;
    e2e_ms: number;
    output_tokens: number;
    /** Sent inside the warm-up window: counted apart and left out of every statistic. */
    warmup?: boolean;
  };
  /** The run's live counters after this request; observers compute their own. */
  totals?: { completed: number; failed: number };
};

/** The one call the load makes for every finished request; it must return at once. */
export type ObserverNotifier = {
  notify(notice: RequestNotice): void;
};

/** `http://host:port/update`, with brackets around an IPv6 address. */
export function observerUrl(observer: ObserverAddress): string {
  const host = observer.ip_address.includes(":") ? `[${observer.ip_address}]` : observer.ip_address;
  return `http://${host}:${observer.port}/update`;
}
