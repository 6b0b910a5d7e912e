import { z } from "zod";
import type { StreamEnd } from "./sse-stream.ts";

/** What `GET /stats` answers; tests and benchmarks read it to see what the mock was asked. */
export const MockAiStatsBody = z.object({
  /** Generation requests received on any endpoint, including refused and failed ones. */
  requests_total: z.number().int(),
  /** Completions answered 200 on any endpoint, streamed or not, finished or cut short. */
  completions_total: z.number().int(),
  streamed_total: z.number().int(),
  /** Streams or waits the client abandoned before the answer was complete. */
  aborted_total: z.number().int(),
  /** Requests answered with an injected 500 (`--error-rate`). */
  errors_injected: z.number().int(),
  /** Requests answered with an injected 429 (`--rate-429`). */
  rate_limited: z.number().int(),
  /** Streams the mock cut short on purpose (`--abort-rate`). */
  streams_cut: z.number().int(),
  /** Streams the mock paused on purpose (`--stall-rate`). */
  streams_stalled: z.number().int(),
  tokens_generated: z.number().int(),
  prompt_tokens: z.number().int(),
  prompts_received: z.number().int(),
  last_prompts: z.array(z.string()),
  /** Completions being generated now; a live gauge that a reset leaves alone. */
  in_flight: z.number().int(),
});
export type MockAiStatsBody = z.infer<typeof MockAiStatsBody>;

export const LAST_PROMPTS_KEPT = 100;

/** vLLM's e2e latency buckets, with finer ones below a second where a mock's answers land. */
export const E2E_BUCKETS_S = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
];

/**
 * The mock's counters, one set per app: what arrived, what was answered and how long the
 * finished answers took (a cumulative histogram for `/metrics`).
 */
export function createStats() {
  let counters = zeroCounters();
  let lastPrompts: string[] = [];
  let e2e = emptyHistogram();
  let inFlight = 0;

  return {
    request() {
      counters.requests_total++;
    },
    errorInjected() {
      counters.errors_injected++;
    },
    rateLimited() {
      counters.rate_limited++;
    },
    stalled() {
      counters.streams_stalled++;
    },
    started(prompts: readonly string[], promptTokens: number, streamed: boolean) {
      counters.completions_total++;
      if (streamed) counters.streamed_total++;
      counters.prompts_received += prompts.length;
      counters.prompt_tokens += promptTokens;
      lastPrompts.push(...prompts.slice(-LAST_PROMPTS_KEPT));
      if (lastPrompts.length > LAST_PROMPTS_KEPT)
        lastPrompts = lastPrompts.slice(-LAST_PROMPTS_KEPT);
      inFlight++;
    },
    tokens(count: number) {
      counters.tokens_generated += count;
    },
    finished(end: StreamEnd, seconds: number) {
      inFlight--;
      if (end !== "completed") {
        if (end === "cut") counters.streams_cut++;
        else counters.aborted_total++;
        return;
      }
      e2e.count++;
      e2e.sum += seconds;
      const bucket = E2E_BUCKETS_S.findIndex((bound) => seconds <= bound);
      if (bucket !== -1) e2e.buckets[bucket] = (e2e.buckets[bucket] ?? 0) + 1;
    },
    snapshot(): MockAiStatsBody {
      return { ...counters, last_prompts: [...lastPrompts], in_flight: inFlight };
    },
    /** Finished-request latencies: per-bucket counts (not cumulative), their sum and count. */
    e2eHistogram() {
      return { bounds: E2E_BUCKETS_S, buckets: [...e2e.buckets], sum: e2e.sum, count: e2e.count };
    },
    reset() {
      counters = zeroCounters();
      lastPrompts = [];
      e2e = emptyHistogram();
    },
  };
}
export type MockAiStats = ReturnType<typeof createStats>;

function zeroCounters() {
  return {
    requests_total: 0,
    completions_total: 0,
    streamed_total: 0,
    aborted_total: 0,
    errors_injected: 0,
    rate_limited: 0,
    streams_cut: 0,
    streams_stalled: 0,
    tokens_generated: 0,
    prompt_tokens: 0,
    prompts_received: 0,
  };
}

function emptyHistogram() {
  return { buckets: E2E_BUCKETS_S.map(() => 0), sum: 0, count: 0 };
}
