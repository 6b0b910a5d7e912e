import { describe, expect, test } from "bun:test";
import { asciiPlot } from "../../../handlers/cli/ascii-plot.ts";
import { createProgressView, progressLine } from "../../../handlers/cli/progress-view.ts";

const snapshot = (requests: number, ttft?: number) => ({
  requests,
  errors: 1,
  ratePerS: 12.34,
  ttftP50Ms: ttft,
  elapsedS: requests / 10,
});

describe("the live view without a terminal", () => {
  test("prints one plain line per second at most, and the final counts when it stops", () => {
    let now = 0;
    const lines: string[] = [];
    const view = createProgressView(
      { requests: 40 },
      { terminal: null, line: (t) => lines.push(t), now: () => now },
    );
    view.update(snapshot(0));
    now = 400;
    view.update(snapshot(5, 20));
    now = 1000;
    view.update(snapshot(12, 21.06));
    now = 1500;
    view.update(snapshot(40, 22));
    view.stop();
    expect(lines).toEqual([
      "0/40 requests | 12.3 req/s | 1 errors | p50 TTFT —",
      "12/40 requests | 12.3 req/s | 1 errors | p50 TTFT 21.1 ms",
      "40/40 requests | 12.3 req/s | 1 errors | p50 TTFT 22.0 ms",
    ]);
  });

  test("a run by duration counts seconds", () => {
    expect(progressLine({ durationS: 60 }, snapshot(150, 5))).toBe(
      "15/60s, 150 requests | 12.3 req/s | 1 errors | p50 TTFT 5.0 ms",
    );
  });
});

describe("the text plot", () => {
  test("puts each point's label where its values are", () => {
    const plot = asciiPlot(
      [
        { x: 0, y: 0, label: "1" },
        { x: 10, y: 100, label: "2" },
      ],
      { x: "req/s", y: "p99 (ms)" },
      { width: 11, height: 3 },
    ).split("\n");
    expect(plot).toEqual([
      "p99 (ms)",
      "100 |          2",
      "    |",
      "  0 |1",
      "    +-----------",
      "     0.0    10.0",
      "     req/s",
    ]);
  });
});
