import { describe, expect, test } from "bun:test";
import { createMockAi } from "../../../mock-ai/create-mock-ai.ts";
import { createFaults } from "../../../mock-ai/faults.ts";
import { mockAiOptions } from "../../../mock-ai/options.ts";
import { jsonChunks, readSseEvents } from "./sse-events.ts";

const instant = { ttftMs: 0, itlMs: 0 };
const streamed = { model: "m", prompt: "x", max_tokens: 20, stream: true };

function post(app: ReturnType<typeof createMockAi>["app"], body: unknown = streamed) {
  return app.request("/v1/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Whether a streamed answer ended properly: a finish reason and `[DONE]`. */
async function streamEnding(res: Response) {
  const events = await readSseEvents(res);
  const chunks = jsonChunks(events);
  return {
    done: events.at(-1)?.data === "[DONE]",
    finished: chunks.some((c) => c.choices?.[0]?.finish_reason),
    tokens: chunks.filter((c) => c.choices?.[0]?.text).length,
  };
}

describe("createFaults", () => {
  test("rates of 0 and 1 draw no random number, so the seeded sequence is left alone", () => {
    let draws = 0;
    const random = () => {
      draws += 1;
      return 0.5;
    };
    const none = createFaults(mockAiOptions({}), random);
    expect(none.refusal()).toBeNull();
    expect(none.forStream(10)).toEqual({ cutAfter: null, stallAt: null, stallMs: 1000 });
    const all = createFaults(mockAiOptions({ rate429: 1, stallRate: 1 }), random);
    expect(all.refusal()).toBe("rate_limited");
    expect(draws).toBe(0);
    // Where the stall falls is drawn: token 1 + floor(0.5 * 9) = 5.
    expect(all.forStream(10)).toEqual({ cutAfter: null, stallAt: 5, stallMs: 1000 });
    expect(draws).toBe(1);
  });

  test("an injected 500 wins over a 429; a cut falls before the last token", () => {
    const faults = createFaults(
      mockAiOptions({ errorRate: 1, rate429: 1, abortRate: 1 }),
      () => 0.999,
    );
    expect(faults.refusal()).toBe("error");
    expect(faults.forStream(10).cutAfter).toBe(9);
    expect(faults.forStream(1)).toMatchObject({ cutAfter: 0, stallAt: null });
  });
});

describe("mock-ai injected 429s", () => {
  test("at rate 1 every request is a 429 with Retry-After and a detail, counted", async () => {
    const { app, stats } = createMockAi({ ...instant, rate429: 1, retryAfterS: 7 });
    for (const body of [streamed, { model: "m", prompt: "x" }]) {
      const res = await post(app, body);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(((await res.json()) as { detail: string }).detail).toContain("--rate-429");
    }
    expect(stats.snapshot()).toMatchObject({
      rate_limited: 2,
      completions_total: 0,
      requests_total: 2,
    });
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toContain(
      'mock_ai_faults_injected_total{model_name="mock-model",kind="http_429"} 2',
    );
  });

  test("at rate 0 nothing is refused", async () => {
    const { app, stats } = createMockAi({ ...instant, rate429: 0 });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => (await post(app)).status),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(stats.snapshot().rate_limited).toBe(0);
  });

  test("a partial rate refuses about that share, the same requests for the same seed", async () => {
    const statuses = async (seed: number) => {
      const { app } = createMockAi({ ...instant, rate429: 0.25, seed });
      const out: number[] = [];
      for (let i = 0; i < 200; i += 1)
        out.push((await post(app, { model: "m", prompt: "x" })).status);
      return out;
    };
    const first = await statuses(5);
    expect(await statuses(5)).toEqual(first);
    expect(await statuses(6)).not.toEqual(first);
    const refused = first.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThan(25);
    expect(refused).toBeLessThan(75);
  });
});

describe("mock-ai cut streams", () => {
  test("at rate 1 every stream ends without a finish reason or [DONE]; whole answers are untouched", async () => {
    const { app, stats } = createMockAi({ ...instant, abortRate: 1 });
    for (let i = 0; i < 10; i += 1) {
      const res = await post(app);
      expect(res.status).toBe(200);
      const ending = await streamEnding(res);
      expect(ending).toMatchObject({ done: false, finished: false });
      expect(ending.tokens).toBeLessThan(20);
    }
    const whole = await post(app, { model: "m", prompt: "x", max_tokens: 20 });
    expect(
      ((await whole.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens,
    ).toBe(20);
    expect(stats.snapshot()).toMatchObject({ streams_cut: 10, aborted_total: 0, in_flight: 0 });
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toContain(
      'mock_ai_faults_injected_total{model_name="mock-model",kind="stream_cut"} 10',
    );
  });

  test("at rate 0 every stream ends properly", async () => {
    const { app, stats } = createMockAi({ ...instant, abortRate: 0 });
    for (let i = 0; i < 10; i += 1) {
      expect(await streamEnding(await post(app))).toEqual({
        done: true,
        finished: true,
        tokens: 20,
      });
    }
    expect(stats.snapshot().streams_cut).toBe(0);
  });

  test("a partial rate cuts about that share, the same streams for the same seed", async () => {
    const endings = async (seed: number) => {
      const { app } = createMockAi({ ...instant, abortRate: 0.5, seed });
      const out: string[] = [];
      for (let i = 0; i < 60; i += 1) {
        const ending = await streamEnding(await post(app));
        out.push(ending.done ? "whole" : `cut@${ending.tokens}`);
      }
      return out;
    };
    const first = await endings(9);
    expect(await endings(9)).toEqual(first);
    const cut = first.filter((e) => e !== "whole").length;
    expect(cut).toBeGreaterThan(15);
    expect(cut).toBeLessThan(45);
  });
});

describe("mock-ai stalled streams", () => {
  test("at rate 1 every stream pauses stall-ms once and still ends properly", async () => {
    const { app, stats } = createMockAi({ ...instant, stallRate: 1, stallMs: 120 });
    const started = performance.now();
    const ending = await streamEnding(await post(app));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(ending).toEqual({ done: true, finished: true, tokens: 20 });
    expect(stats.snapshot()).toMatchObject({ streams_stalled: 1, streams_cut: 0 });
  });

  test("at rate 0 a zero-delay stream does not wait", async () => {
    const { app, stats } = createMockAi({ ...instant, stallRate: 0, stallMs: 5000 });
    const started = performance.now();
    await streamEnding(await post(app));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stats.snapshot().streams_stalled).toBe(0);
  });
});
