import type { FetchFn } from "../loadgen/fetch-fn.ts";
import type { DeliveryCounts } from "../observers/observer-queue.ts";
import { type AgentPhase, AgentPhase as AgentPhases } from "../schemas/agent.ts";
import { ERROR_CLASSES } from "../schemas/results.ts";
import { createBucketHistogram } from "./bucket-histogram.ts";

/** vLLM's time-to-first-token buckets (seconds), with finer ones where a fast server lands. */
export const TTFT_BUCKETS_S = [
  0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20,
  40, 80, 160, 640,
];
/** vLLM's end-to-end latency buckets (seconds), with finer ones below its first. */
export const E2E_BUCKETS_S = [
  0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120,
  240, 480, 960, 1920, 7680,
];

/** A finished request as the metrics see it (the load's `RequestNotice.request`). */
export type MeasuredRequest = {
  ok: boolean;
  error: string | null;
  ttft_ms: number | null;
  e2e_ms: number;
  output_tokens: number;
};

/** What the agent's state adds at scrape time. */
export type ScrapeState = {
  phase: AgentPhase;
  observers: number;
  observer_updates: DeliveryCounts;
};

export type AgentMetrics = {
  /** Wraps the load's fetch so every generation request sent counts as in flight. */
  countSent(fetch: FetchFn): FetchFn;
  /** Counts one finished request; a few additions and two binary searches. */
  record(request: MeasuredRequest): void;
  /** Nothing is in flight once a run has ended (requests cut short by a stop are never recorded). */
  runEnded(): void;
  /** The Prometheus text format 0.0.4. */
  render(state: ScrapeState): string;
};

/** The generation endpoints: OpenAI `/v1/completions`, `/v1/chat/completions`, AI Factory `/prompt`. */
const GENERATION_PATH = /\/(completions|prompt)$/;

/**
 * The agent's live Prometheus metrics: requests by outcome (`ok` or an error class), requests
 * in flight, output tokens, TTFT and E2E histograms of the ok requests with fixed buckets, the
 * phase, and the observers' delivery counts, every sample labelled with `benchmark_id` and
 * `task_index`. Warm-up requests count like any other: these follow the load as it happens.
 */
export function createAgentMetrics(labels: {
  benchmark_id: number;
  task_index: number;
}): AgentMetrics {
  const base = `benchmark_id="${labels.benchmark_id}",task_index="${labels.task_index}"`;
  const outcomes = new Map<string, number>([
    ["ok", 0],
    ...ERROR_CLASSES.map((c) => [c, 0] as const),
  ]);
  const ttft = createBucketHistogram(TTFT_BUCKETS_S);
  const e2e = createBucketHistogram(E2E_BUCKETS_S);
  let sent = 0;
  let finished = 0;
  let outputTokens = 0;

  return {
    countSent(fetch) {
      return (input, init) => {
        const url =
          typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
        if (GENERATION_PATH.test(url)) sent += 1;
        return fetch(input, init);
      };
    },
    record(request) {
      finished += 1;
      const outcome = request.ok ? "ok" : (request.error ?? "aborted_stream");
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (!request.ok) return;
      outputTokens += request.output_tokens;
      if (request.ttft_ms !== null) ttft.observe(request.ttft_ms / 1000);
      e2e.observe(request.e2e_ms / 1000);
    },
    runEnded() {
      sent = finished;
    },
    render(state) {
      const lines: string[] = [];
      const family = (name: string, type: string, help: string) =>
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      family("aifc_agent_requests_total", "counter", "Finished requests by outcome.");
      for (const [outcome, n] of outcomes) {
        lines.push(`aifc_agent_requests_total{${base},outcome="${outcome}"} ${n}`);
      }
      family("aifc_agent_requests_in_flight", "gauge", "Requests sent and not finished yet.");
      lines.push(`aifc_agent_requests_in_flight{${base}} ${Math.max(sent - finished, 0)}`);
      family("aifc_agent_output_tokens_total", "counter", "Output tokens of ok requests.");
      lines.push(`aifc_agent_output_tokens_total{${base}} ${outputTokens}`);
      family("aifc_agent_ttft_seconds", "histogram", "Time to first token of ok requests.");
      lines.push(...ttft.render("aifc_agent_ttft_seconds", base));
      family("aifc_agent_e2e_seconds", "histogram", "End-to-end latency of ok requests.");
      lines.push(...e2e.render("aifc_agent_e2e_seconds", base));
      family("aifc_agent_phase", "gauge", "1 for the phase the agent is in, 0 for the others.");
      for (const phase of AgentPhases.options) {
        lines.push(`aifc_agent_phase{${base},phase="${phase}"} ${phase === state.phase ? 1 : 0}`);
      }
      family("aifc_agent_observers", "gauge", "Observers registered with this agent.");
      lines.push(`aifc_agent_observers{${base}} ${state.observers}`);
      family(
        "aifc_agent_observer_updates_total",
        "counter",
        "Observer updates delivered, failed, and dropped because an observer lagged.",
      );
      for (const [result, n] of Object.entries(state.observer_updates)) {
        lines.push(`aifc_agent_observer_updates_total{${base},result="${result}"} ${n}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
}
