import { describe, expect, test } from "bun:test";
import { LATE_SEND_THRESHOLD_MS, RunMetrics } from "../../../core/loadgen/run-metrics.ts";
import { fakeRecord } from "./fake-record.ts";

const openLoop = () => new RunMetrics({ slo: {}, openLoop: true });

describe("RunMetrics", () => {
  test("a request sent late is measured from its intended time too (coordinated omission)", () => {
    const metrics = openLoop();
    // Wanted at 1000, sent at 1030: the user waited 30 ms more than the server took.
    metrics.add(
      fakeRecord({
        intended_at_ms: 1000,
        sent_at_ms: 1030,
        ttft_ms: 100,
        chunk_times_ms: [100, 300],
        e2e_ms: 300,
        output_tokens: 2,
      }),
    );
    const d = metrics.distributions;
    expect(d.ttft.stats()?.max).toBe(100);
    expect(d.e2e.stats()?.max).toBe(300);
    expect(d.ttft_from_intended.stats()).toMatchObject({ min: 130, max: 130, mean: 130 });
    expect(d.e2e_from_intended.stats()).toMatchObject({ min: 330, max: 330, mean: 330 });
    expect(d.schedule_lag.stats()).toMatchObject({ min: 30, max: 30 });
    expect(metrics.late).toBe(1);
    expect(metrics.sent).toBe(1);
  });

  test("lateness is a lag beyond the threshold; failed requests are sent too", () => {
    const metrics = openLoop();
    const lag = (ms: number, ok = true) =>
      fakeRecord({
        intended_at_ms: 0,
        sent_at_ms: ms,
        ok,
        error: ok ? null : "http_5xx",
        ttft_ms: ok ? 10 : null,
      });
    metrics.add(lag(1));
    metrics.add(lag(LATE_SEND_THRESHOLD_MS));
    metrics.add(lag(LATE_SEND_THRESHOLD_MS + 0.5));
    metrics.add(lag(50, false));
    expect(metrics.sent).toBe(4);
    expect(metrics.late).toBe(2);
    expect(metrics.distributions.schedule_lag.count).toBe(4);
    // The failed one has no latency, from its intended time or otherwise.
    expect(metrics.distributions.ttft_from_intended.count).toBe(3);
    expect(metrics.requests).toEqual({ completed: 3, failed: 1, warmup: 0 });
  });

  test("a timer that fired early is no negative lag", () => {
    const metrics = openLoop();
    metrics.add(fakeRecord({ intended_at_ms: 100, sent_at_ms: 99.5, ttft_ms: 20, e2e_ms: 40 }));
    expect(metrics.distributions.schedule_lag.stats()?.max).toBe(0);
    expect(metrics.distributions.ttft_from_intended.stats()?.max).toBe(20);
  });

  test("warm-up and cancelled requests stay out of every distribution", () => {
    const metrics = openLoop();
    metrics.add(fakeRecord({ warmup: true, sent_at_ms: 500 }));
    metrics.add(fakeRecord({ cancelled: true, ok: false }));
    expect(metrics.requests).toEqual({ completed: 0, failed: 0, warmup: 1 });
    expect(metrics.sent).toBe(0);
    for (const d of Object.values(metrics.distributions)) expect(d.count).toBe(0);
  });

  test("a closed loop records no schedule lag", () => {
    const metrics = new RunMetrics({ slo: {}, openLoop: false });
    metrics.add(fakeRecord({ intended_at_ms: 0, sent_at_ms: 40 }));
    expect(metrics.distributions.schedule_lag.count).toBe(0);
    expect(metrics.distributions.e2e_from_intended.count).toBe(0);
    expect(metrics.late).toBe(0);
  });
});
