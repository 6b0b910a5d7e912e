import { agentSection } from "./agent-section.ts";
import { cdfCharts } from "./cdf-charts.ts";
import { formatUnixTime } from "./format.ts";
import { htmlPage, section } from "./html-page.ts";
import { loadReportAssets, type ReportAssets } from "./report-assets.ts";
import type { RunReportInput } from "./report-input.ts";
import { loadSpecBlock, runEnvironment } from "./run-environment.ts";
import { runSummary } from "./run-summary.ts";
import { timelineCharts } from "./timeline-charts.ts";

/**
 * One benchmark run as a single self-contained HTML file (uPlot and the data inlined, no
 * network needed to open it): summary numbers, TTFT and E2E CDFs, latency, throughput and
 * errors over time, the per-agent breakdown, the load spec and the environment. Every string
 * from the input is escaped.
 *
 *   writeFileSync("run-42.html", renderRunReport(RunReportInput.parse(input)));
 */
export function renderRunReport(
  input: RunReportInput,
  assets: ReportAssets = loadReportAssets(),
): string {
  const { spec, group, results, records } = input;
  const cdfs = cdfCharts(results, records);
  const timeline = timelineCharts(records, spec.load?.warmup_s ?? 0);
  const agents = agentSection(group, results, records);
  const load = spec.load;
  const shape =
    load === undefined || load.pattern === "closed"
      ? `closed loop, ${spec.num_clients} clients`
      : `${load.pattern} at ${load.rate} requests/s`;
  const subtitle = [
    `benchmark ${input.benchmark_id}`,
    `model ${spec.target?.model ?? "mock-model"}`,
    shape,
    `Slurm job ${group.job_id}`,
    `generated ${formatUnixTime(input.generated_at)}`,
  ].join(" · ");
  const body = [
    section("Summary", runSummary(results)),
    section("Latency distribution", cdfs.html),
    section("Over time", timeline.html),
    section("Per agent", agents.html),
    section("Load spec", loadSpecBlock(spec)),
    section("Environment", runEnvironment(group, input.service_url)),
  ].join("\n");
  return htmlPage(
    {
      title: input.title,
      subtitle,
      body,
      charts: [...cdfs.charts, ...timeline.charts, ...agents.charts],
    },
    assets,
  );
}
