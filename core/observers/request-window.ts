import { DDSketch } from "@datadog/sketches-js";
import type { ObserverStats } from "../schemas/agent.ts";
import type { RequestNotice } from "./observer-notifier.ts";

/** Percentiles within 1% of the true value, whatever the spread of latencies. */
const RELATIVE_ACCURACY = 0.01;

export type RequestWindow = {
  /** Counts one finished request; constant time, so it can sit on the load's hot path. */
  add(request: RequestNotice["request"]): void;
  /** The window's statistics, with rates over `durationMs`. */
  stats(durationMs: number): ObserverStats;
};

/**
 * The requests an observer has not heard about yet (or, for totals, every request of the run):
 * counts by outcome and error class, ok requests' output tokens, and TTFT and E2E in DDSketches,
 * so p50/p99 cost the same for ten requests or ten million. Warm-up requests are only counted,
 * as the group's results count them.
 */
export function createRequestWindow(): RequestWindow {
  let completed = 0;
  let failed = 0;
  let warmup = 0;
  let outputTokens = 0;
  const errors: Record<string, number> = {};
  const ttft = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
  const e2e = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });

  return {
    add(request) {
      if (request.warmup === true) {
        warmup += 1;
        return;
      }
      if (!request.ok) {
        failed += 1;
        const kind = request.error ?? "aborted_stream";
        errors[kind] = (errors[kind] ?? 0) + 1;
        return;
      }
      completed += 1;
      outputTokens += request.output_tokens;
      if (request.ttft_ms !== null) ttft.accept(Math.max(request.ttft_ms, 0));
      e2e.accept(Math.max(request.e2e_ms, 0));
    },
    stats(durationMs) {
      const seconds = Math.max(durationMs, 0) / 1000;
      const perSecond = (n: number) => (seconds > 0 ? n / seconds : 0);
      return {
        requests: completed + failed,
        completed,
        failed,
        warmup,
        errors: { ...errors },
        output_tokens: outputTokens,
        duration_s: seconds,
        requests_per_s: perSecond(completed),
        output_tokens_per_s: perSecond(outputTokens),
        ttft_ms: { p50: quantile(ttft, 0.5), p99: quantile(ttft, 0.99) },
        e2e_ms: { p50: quantile(e2e, 0.5) },
      };
    },
  };
}

function quantile(sketch: DDSketch, q: number): number | null {
  return sketch.count === 0 ? null : sketch.getValueAtQuantile(q);
}
