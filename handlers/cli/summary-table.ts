import type { CreateGroupBody } from "../../core/schemas/group.ts";
import type { GroupResults, LatencyStats } from "../../core/schemas/results.ts";

const WIDTH = 50;

/** Python's `"{s:{c}^{n}}".format(...)`: `text` centred in `width` columns of `fill`. */
function centred(text: string, fill: string, width = WIDTH): string {
  const pad = Math.max(width - text.length, 0);
  const left = Math.floor(pad / 2);
  return fill.repeat(left) + text + fill.repeat(pad - left);
}

/** Python's `"{:<40} {:<10}"` (or `{:<10.2f}` for a float), without the trailing blanks. */
function row(label: string, value: number | string, decimals?: number): string {
  const text =
    typeof value === "number" && decimals !== undefined ? value.toFixed(decimals) : String(value);
  return `${label.padEnd(40)} ${text}`;
}

const LATENCY_SECTIONS = [
  ["ttft", "TTFT", "Time to First Token"],
  ["tpot", "TPOT", "Time per Output Token (excl. 1st token)"],
  ["itl", "ITL", "Inter-token Latency"],
  ["e2e", "E2EL", "End-to-end Latency"],
] as const;

function latencyRows(name: string, header: string, stats: LatencyStats | null): string[] {
  const lines = [centred(header, "-")];
  if (stats === null) return [...lines, row(`Mean ${name} (ms):`, "n/a (no successful request)")];
  return [
    ...lines,
    row(`Mean ${name} (ms):`, stats.mean, 2),
    row(`Median ${name} (ms):`, stats.p50, 2),
    row(`P99 ${name} (ms):`, stats.p99, 2),
  ];
}

/** What vLLM's `bench serve` does not print: failures by class, warm-up, token source, schedule. */
function extraRows(results: GroupResults): string[] {
  const lines = [centred("AI Factory Client Services", "-")];
  lines.push(row("Warm-up requests (not measured):", results.requests.warmup));
  const classes = Object.entries(results.errors).filter(([, count]) => count > 0);
  for (const [kind, count] of classes.sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(row(`Failed requests (${kind}):`, count));
  }
  lines.push(row("Token counts from:", results.tokens.source));
  if (results.partial) lines.push(row("Partial results:", "yes (the run was stopped early)"));
  const schedule = results.schedule;
  if (schedule !== null) {
    lines.push(row("Achieved request rate (RPS):", schedule.achieved_rate_per_s, 2));
    lines.push(row(`Late requests (> ${schedule.late_threshold_ms} ms):`, schedule.late));
    lines.push(row("Requests not sent (max in flight):", schedule.not_sent));
    const lag = results.latency_ms.schedule_lag;
    if (lag !== null) {
      lines.push(row("Mean schedule lag (ms):", lag.mean, 2));
      lines.push(row("P99 schedule lag (ms):", lag.p99, 2));
    }
  }
  return lines;
}

/** What the summary says about the load besides the results: vLLM's concurrency or rate lines. */
export type SummaryContext = {
  /** Closed loop: the virtual clients. */
  concurrency?: number | undefined;
  /** Open loop: the configured rate for the whole group. */
  rate?: number | undefined;
  /** Whether an SLO was given, so goodput means something. */
  slo?: boolean | undefined;
};

/** The summary context of a spec as the user gave it. */
export function contextOfSpec(spec: CreateGroupBody): SummaryContext {
  const open = spec.load !== undefined && spec.load.pattern !== "closed";
  return {
    concurrency: open ? undefined : spec.num_clients,
    rate: open ? spec.load?.rate : undefined,
    slo: spec.slo !== undefined && Object.values(spec.slo).some((v) => v !== undefined),
  };
}

/**
 * The results as vLLM's `vllm bench serve` prints them (same labels, same 40-column layout,
 * two decimals), so numbers can be compared line by line, followed by what this system adds:
 * failed requests by class, warm-up, token source and the open-loop schedule's lag.
 */
export function formatSummary(results: GroupResults, context: SummaryContext = {}): string {
  const lines = [centred(" Serving Benchmark Result ", "=")];
  lines.push(row("Successful requests:", results.requests.completed));
  lines.push(row("Failed requests:", results.requests.failed));
  if (context.concurrency !== undefined) {
    lines.push(row("Maximum request concurrency:", context.concurrency));
  }
  if (context.rate !== undefined)
    lines.push(row("Request rate configured (RPS):", context.rate, 2));
  lines.push(row("Benchmark duration (s):", results.duration_s, 2));
  lines.push(row("Total input tokens:", results.tokens.input));
  lines.push(row("Total generated tokens:", results.tokens.output));
  lines.push(row("Request throughput (req/s):", results.throughput.requests_per_s, 2));
  if (context.slo) lines.push(row("Request goodput (req/s):", results.throughput.goodput_per_s, 2));
  lines.push(row("Output token throughput (tok/s):", results.throughput.output_tokens_per_s, 2));
  lines.push(row("Total Token throughput (tok/s):", results.throughput.total_tokens_per_s, 2));
  for (const [key, name, header] of LATENCY_SECTIONS) {
    lines.push(...latencyRows(name, header, results.latency_ms[key]));
  }
  lines.push(...extraRows(results));
  lines.push("=".repeat(WIDTH));
  return lines.join("\n");
}
