import { expect, test } from "bun:test";
import { DEFAULT_MAX_BODY_BYTES } from "../../../core/config/service-config.ts";
import { LATENCY_METRICS, MAX_HISTOGRAM_CHARS } from "../../../core/schemas/results.ts";

test("a report whose every histogram is as large as allowed still fits the default body limit", () => {
  const digest = { count: 1, sum: 1, min: 1, max: 1, histogram: "A".repeat(MAX_HISTOGRAM_CHARS) };
  const latency = Object.fromEntries(LATENCY_METRICS.map((metric) => [metric, digest]));
  const report = {
    task_index: 0,
    run_id: "r".repeat(64),
    started_at: 0,
    finished_at: 1,
    partial: true,
    reason: "x".repeat(2000),
    requests: { completed: 1, failed: 0, warmup: 0 },
    errors: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`e${i}`.padEnd(64, "x"), 1])),
    tokens: { input: 1, output: 1, source: "usage" },
    good_requests: 1,
    latency,
  };
  expect(new TextEncoder().encode(JSON.stringify(report)).length).toBeLessThan(
    DEFAULT_MAX_BODY_BYTES,
  );
});
