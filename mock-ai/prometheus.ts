import type { MockAiStats } from "./stats.ts";

/** Label values are quoted; backslash, quote and newline must be escaped inside them. */
const labelValue = (value: string) =>
  `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`;

/**
 * The mock's counters in the Prometheus text format under vLLM's metric names, so a scraper
 * or dashboard built for vLLM reads the mock unchanged, plus the injected faults by kind under
 * `mock_ai_faults_injected_total`. Every sample carries `model_name`.
 */
export function renderPrometheus(stats: MockAiStats, modelName: string): string {
  const model = `model_name=${labelValue(modelName)}`;
  const snap = stats.snapshot();
  const e2e = stats.e2eHistogram();
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, value: number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${model}} ${value}`);
  };
  metric("vllm:num_requests_running", "gauge", "Requests being generated now.", snap.in_flight);
  metric("vllm:request_success_total", "counter", "Requests finished.", e2e.count);
  metric("vllm:prompt_tokens_total", "counter", "Prompt tokens received.", snap.prompt_tokens);
  metric("vllm:generation_tokens_total", "counter", "Tokens generated.", snap.tokens_generated);

  const faults = "mock_ai_faults_injected_total";
  lines.push(`# HELP ${faults} Faults injected on purpose, by kind.`, `# TYPE ${faults} counter`);
  for (const [kind, n] of [
    ["http_500", snap.errors_injected],
    ["http_429", snap.rate_limited],
    ["stream_cut", snap.streams_cut],
    ["stream_stall", snap.streams_stalled],
  ] as const) {
    lines.push(`${faults}{${model},kind="${kind}"} ${n}`);
  }

  const name = "vllm:e2e_request_latency_seconds";
  lines.push(`# HELP ${name} End-to-end latency of finished requests.`, `# TYPE ${name} histogram`);
  let cumulative = 0;
  e2e.bounds.forEach((bound, i) => {
    cumulative += e2e.buckets[i] ?? 0;
    lines.push(`${name}_bucket{${model},le="${bound}"} ${cumulative}`);
  });
  lines.push(
    `${name}_bucket{${model},le="+Inf"} ${e2e.count}`,
    `${name}_sum{${model}} ${e2e.sum}`,
    `${name}_count{${model}} ${e2e.count}`,
  );
  return `${lines.join("\n")}\n`;
}
