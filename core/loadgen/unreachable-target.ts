import type { RequestRecord } from "./measure-request.ts";

/** How many requests in a row must fail to connect, with none answered, before a run stops. */
export const UNREACHABLE_AFTER = 10;

export type ReachabilityWatch = {
  /** Looks at one finished request; true when the run should stop because nothing gets through. */
  observe(record: RequestRecord): boolean;
  /**
   * The sentence for a run in which every finished request failed to connect, or null when the
   * server answered at least once (or no request finished). `stopped`: the watch ended the run.
   */
  verdict(stopped: boolean): string | null;
};

/**
 * Watches a run's first requests for a target that cannot be reached at all: once one request
 * gets an answer (any answer, even an error) the target counts as reachable and the watch is
 * done; if the first `limit` requests all fail with `connect`, the run should stop, and the
 * verdict says so in a sentence naming the server and the system's error code.
 */
export function watchReachability(baseUrl: string, limit = UNREACHABLE_AFTER): ReachabilityWatch {
  let reached = false;
  let refused = 0;
  let firstDetail: string | null = null;
  return {
    observe(record) {
      if (reached) return false;
      if (record.error !== "connect") {
        reached = true;
        return false;
      }
      refused += 1;
      firstDetail ??= record.detail;
      return refused >= limit;
    },
    verdict(stopped) {
      if (reached || refused === 0) return null;
      const code = firstDetail?.match(/\bE[A-Z]{3,}\b/)?.[0] ?? null;
      const what =
        code === "ECONNREFUSED"
          ? "refused every connection (ECONNREFUSED)"
          : `could not be reached (${code ?? firstDetail?.slice(0, 200) ?? "no detail"})`;
      const end = stopped
        ? `the run was stopped after ${refused} attempt${refused === 1 ? "" : "s"}`
        : refused === 1
          ? "its one request failed"
          : `all ${refused} requests failed`;
      return `the AI server at ${baseUrl} ${what}; ${end}`;
    },
  };
}
