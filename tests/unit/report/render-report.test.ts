import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import type { ChartSpec } from "../../../core/report/chart-spec.ts";
import { escapeHtml } from "../../../core/report/html-escape.ts";
import { renderRunReport } from "../../../core/report/render-run-report.ts";
import { renderSweepReport } from "../../../core/report/render-sweep-report.ts";
import { RunReportInput, SweepReportInput } from "../../../core/report/report-input.ts";
import { NO_RECORDS_NOTE } from "../../../core/report/timeline-charts.ts";
import { fixtureRunReport, fixtureSweepReport, HOSTILE_MODEL } from "./report-fixtures.ts";

/** The charts a report hands its drawing script, read back from its JSON block. */
function chartsOf(html: string): ChartSpec[] {
  const block = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  if (!block?.[1]) throw new Error("no report-data block");
  return JSON.parse(block[1]).charts;
}

/** The executable scripts' text and the hashes the page's CSP allows. */
function scriptsAndPolicy(html: string) {
  const scripts = [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((m) => m[1] ?? "");
  const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? "";
  return { scripts, policy };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64");

describe("run report", () => {
  const withRecords = renderRunReport(RunReportInput.parse(fixtureRunReport({ records: true })));
  const withoutRecords = renderRunReport(
    RunReportInput.parse(fixtureRunReport({ records: false })),
  );

  test("user-typed strings appear only as escaped text", () => {
    for (const html of [withRecords, withoutRecords]) {
      expect(html).not.toContain(HOSTILE_MODEL);
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain("<b>not escaped?</b>");
      expect(html).toContain(escapeHtml(HOSTILE_MODEL));
      expect(html).toContain("Priority &lt;b&gt;not escaped?&lt;/b&gt;");
    }
  });

  test("the page loads nothing from outside and runs only its two hashed scripts", () => {
    expect(withRecords).not.toMatch(/<script[^>]+src=|<link|<img|@import|url\(http/i);
    const { scripts, policy } = scriptsAndPolicy(withRecords);
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toStartWith("/*! https://github.com/leeoniya/uPlot");
    expect(policy).toContain("default-src &#39;none&#39;");
    for (const script of scripts) expect(policy).toContain(`sha256-${sha256(script)}`);
  });

  test("with records: CDFs of the measured requests and every time series", () => {
    const charts = chartsOf(withRecords);
    expect(charts.map((c) => c.id)).toEqual([
      "cdf-ttft",
      "cdf-e2e",
      "latency-over-time",
      "throughput-over-time",
      "errors-over-time",
      "agents",
    ]);
    const input = fixtureRunReport({ records: true });
    const measuredOk = input.records?.filter((r) => r.ok && !r.warmup).length ?? 0;
    expect(measuredOk).toBe(input.results.requests.completed);
    const ttft = charts[0] as ChartSpec;
    expect(ttft.x).toHaveLength(Math.min(measuredOk, 1000));
    expect(ttft.x.at(-1)).toBe(input.results.latency_ms.ttft?.max as number);
    const errors = charts.find((c) => c.id === "errors-over-time");
    expect(errors?.series.map((s) => s.label)).toEqual(["timeout", "http_5xx", "http_429"]);
    const agents = charts.find((c) => c.id === "agents");
    expect(agents?.x).toEqual([0, 1, 2, 3]);
    expect(agents?.series[0]?.values).toEqual(input.results.agents.map((a) => a.requests));
    expect(withRecords).not.toContain(NO_RECORDS_NOTE);
  });

  test("without records: CDFs from the percentile table and a note instead of time series", () => {
    const charts = chartsOf(withoutRecords);
    expect(charts.map((c) => c.id)).toEqual(["cdf-ttft", "cdf-e2e", "agents"]);
    const stats = fixtureRunReport({ records: false }).results.latency_ms.e2e;
    expect(charts[1]?.x).toEqual([
      stats?.min,
      stats?.p50,
      stats?.p90,
      stats?.p95,
      stats?.p99,
      stats?.p999,
      stats?.max,
    ] as number[]);
    expect(withoutRecords).toContain(escapeHtml(NO_RECORDS_NOTE));
    expect(withoutRecords).toContain("Approximated from the percentile table");
  });

  test("the environment names the Slurm job, its nodes, agents and transitions", () => {
    for (const text of [
      "7421",
      "COMPLETED",
      "http://node2:41003",
      "submitted",
      "2026-11-26T08:59:30Z",
    ]) {
      expect(withRecords).toContain(text);
    }
  });
});

describe("sweep report", () => {
  const html = renderSweepReport(SweepReportInput.parse(fixtureSweepReport()));

  test("one table row per point, with its note escaped", () => {
    expect(html.match(/<tr>/g)?.length).toBe(1 + 6);
    expect(html).toContain("sweep stopped &lt;here&gt;");
    expect(html).toContain("not run: the sweep stopped");
    expect(html).not.toContain(HOSTILE_MODEL);
  });

  test("the throughput-vs-p99 plot joins the measured points in swept order", () => {
    const [chart] = chartsOf(html);
    expect(chart?.kind).toBe("xy");
    expect(chart?.series.map((s) => [s.label, s.x, s.values])).toEqual([
      ["TTFT p99", [9.9, 19.8, 39.1, 71.5, 68.2], [60, 70, 95, 240, 1900]],
      ["E2E p99", [9.9, 19.8, 39.1, 71.5, 68.2], [420, 450, 520, 900, 3400]],
    ]);
  });

  test("a sweep with no results has a note and no chart", () => {
    const input = fixtureSweepReport();
    const empty = renderSweepReport({
      ...input,
      points: input.points.map((p) => ({ ...p, results: null })),
    });
    expect(chartsOf(empty)).toEqual([]);
    expect(empty).toContain("No point has results");
  });
});
