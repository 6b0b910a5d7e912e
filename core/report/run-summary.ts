import { type GroupResults, LATENCY_METRICS } from "../schemas/results.ts";
import { formatNumber, formatUnixTime } from "./format.ts";
import { escapeHtml } from "./html-escape.ts";
import { htmlFacts, htmlTable } from "./html-table.ts";

const METRIC_NAMES: Record<(typeof LATENCY_METRICS)[number], string> = {
  ttft: "TTFT",
  tpot: "TPOT",
  itl: "ITL",
  e2e: "E2E",
  ttft_from_intended: "TTFT from intended send",
  e2e_from_intended: "E2E from intended send",
  schedule_lag: "schedule lag",
};
const STAT_KEYS = ["mean", "std", "min", "p50", "p90", "p95", "p99", "p999", "max"] as const;

/**
 * The results' numbers: counts, throughput, tokens, the latency table (ms), errors by class
 * and, for an open loop, how well the schedule was kept.
 */
export function runSummary(results: GroupResults): string {
  const r = results;
  const facts: [string, string][] = [
    ["state", r.partial ? `${r.state} (partial: not every agent reported in full)` : r.state],
    ["started", formatUnixTime(r.started_at)],
    ["finished", formatUnixTime(r.finished_at)],
    ["duration (s)", formatNumber(r.duration_s, 2)],
    ["requests completed", formatNumber(r.requests.completed)],
    ["requests failed", formatNumber(r.requests.failed)],
    ["warm-up requests (not measured)", formatNumber(r.requests.warmup)],
    ["requests/s", formatNumber(r.throughput.requests_per_s, 2)],
    ["output tokens/s", formatNumber(r.throughput.output_tokens_per_s, 1)],
    ["total tokens/s", formatNumber(r.throughput.total_tokens_per_s, 1)],
    ["goodput (requests/s within the SLO)", formatNumber(r.throughput.goodput_per_s, 2)],
    ["input tokens", formatNumber(r.tokens.input)],
    [
      "output tokens",
      `${formatNumber(r.tokens.output)} (${r.tokens.source === "usage" ? "server usage" : "counted chunks"})`,
    ],
  ];
  const latencyRows = LATENCY_METRICS.flatMap((metric) => {
    const stats = r.latency_ms[metric];
    return stats === null
      ? []
      : [[METRIC_NAMES[metric], ...STAT_KEYS.map((k) => formatNumber(stats[k], 1))]];
  });
  const latency =
    latencyRows.length === 0
      ? '<p class="note">No latency: no request succeeded.</p>'
      : htmlTable(
          ["latency (ms)", ...STAT_KEYS.map((k) => (k === "p999" ? "p99.9" : k))],
          latencyRows,
        );
  const errorRows = Object.entries(r.errors)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => [kind, formatNumber(n)]);
  const errors =
    errorRows.length === 0
      ? '<p class="note">No errors.</p>'
      : htmlTable(["error class", "requests"], errorRows);
  return [
    htmlFacts(facts),
    "<h3>Latency</h3>",
    latency,
    "<h3>Errors</h3>",
    errors,
    scheduleFacts(r),
  ].join("\n");
}

function scheduleFacts(r: GroupResults): string {
  const s = r.schedule;
  if (s === null) return "";
  return `<h3>Open-loop schedule</h3>\n${htmlFacts([
    ["pattern", s.pattern],
    ["target rate (requests/s)", formatNumber(s.target_rate_per_s, 2)],
    ["achieved send rate (requests/s)", formatNumber(s.achieved_rate_per_s, 2)],
    ["sent", formatNumber(s.sent)],
    [`sent late (over ${formatNumber(s.late_threshold_ms)} ms)`, formatNumber(s.late)],
    ["not sent (max_in_flight reached)", formatNumber(s.not_sent)],
    ["schedule window (s)", formatNumber(s.window_s, 2)],
  ])}\n${s.late + s.not_sent > 0 ? `<p class="warning">${escapeHtml("The client could not keep to the schedule for some requests: latencies from the intended send time tell the server's real queueing.")}</p>` : ""}`;
}
