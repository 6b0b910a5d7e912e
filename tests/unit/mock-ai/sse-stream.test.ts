import { afterEach, describe, expect, test } from "bun:test";
import type { CompletionBody } from "../../../mock-ai/completions.ts";
import { createMockAi } from "../../../mock-ai/create-mock-ai.ts";
import type { StreamFaults } from "../../../mock-ai/faults.ts";
import type { MockAiOptions } from "../../../mock-ai/options.ts";
import { createTokenStream, type StreamEnd } from "../../../mock-ai/sse-stream.ts";
import { jsonChunks, jsonOf, postJson, readSseEvents } from "./sse-events.ts";

const servers: ReturnType<typeof Bun.serve>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

/** A mock served on a real loopback port, as a benchmark client meets it. */
function serveMock(options: Partial<MockAiOptions>) {
  const mock = createMockAi(options);
  const server = Bun.serve({ fetch: mock.app.fetch, port: 0, hostname: "127.0.0.1" });
  servers.push(server);
  return { ...mock, url: server.url.href };
}

const chat = (extra: object) => ({
  model: "m",
  messages: [{ role: "user", content: "hi" }],
  stream: true,
  ...extra,
});

describe("mock-ai streaming", () => {
  test("a streamed completion sends one chunk per token, then [DONE] last", async () => {
    const { url } = serveMock({ ttftMs: 0, itlMs: 0 });
    const res = await postJson(url, "/v1/completions", {
      model: "m",
      prompt: "hi",
      max_tokens: 7,
      stream: true,
    });
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    const events = await readSseEvents(res);
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = jsonChunks(events);
    expect(chunks).toHaveLength(7);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ object: "text_completion", model: "m" });
      expect(chunk.choices).toHaveLength(1);
      expect(chunk.choices[0]).toMatchObject({ index: 0, text: " tok", logprobs: null });
    }
    expect(chunks.map((c) => c.choices[0].finish_reason)).toEqual([
      ...Array(6).fill(null),
      "length",
    ]);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  test("the usage chunk comes before [DONE] only when the client asks for it", async () => {
    const { url } = serveMock({ ttftMs: 0, itlMs: 0 });
    const asked = jsonChunks(
      await readSseEvents(
        await postJson(url, "/v1/chat/completions", {
          ...chat({ max_tokens: 4 }),
          stream_options: { include_usage: true },
        }),
      ),
    );
    expect(asked).toHaveLength(5);
    expect(asked.at(-1)).toMatchObject({
      object: "chat.completion.chunk",
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 4, total_tokens: 5 },
    });
    const notAsked = jsonChunks(
      await readSseEvents(await postJson(url, "/v1/chat/completions", chat({ max_tokens: 4 }))),
    );
    expect(notAsked).toHaveLength(4);
    expect(notAsked.some((c) => "usage" in c)).toBe(false);
  });

  test("a streamed chat names the assistant in the first delta and carries one token per chunk", async () => {
    const { url } = serveMock({ ttftMs: 0, itlMs: 0, outputTokens: 3 });
    const chunks = jsonChunks(
      await readSseEvents(await postJson(url, "/v1/chat/completions", chat({}))),
    );
    expect(chunks.map((c) => c.choices[0].delta)).toEqual([
      { role: "assistant", content: " tok" },
      { content: " tok" },
      { content: " tok" },
    ]);
    expect(chunks.map((c) => c.choices[0].finish_reason)).toEqual([null, null, "stop"]);
  });

  test("a one-token chat stream still names the assistant", async () => {
    const { url } = serveMock({ ttftMs: 0, itlMs: 0 });
    const chunks = jsonChunks(
      await readSseEvents(await postJson(url, "/v1/chat/completions", chat({ max_tokens: 1 }))),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0].choices[0]).toMatchObject({
      delta: { role: "assistant", content: " tok" },
      finish_reason: "length",
    });
  });

  test("the first token arrives after the TTFT and the next ones an ITL apart", async () => {
    const { url } = serveMock({ ttftMs: 50, itlMs: 20 });
    const sent = performance.now();
    const events = await readSseEvents(
      await postJson(url, "/v1/completions", {
        model: "m",
        prompt: "x",
        max_tokens: 11,
        stream: true,
      }),
    );
    const tokens = events.filter((e) => e.data !== "[DONE]");
    expect(tokens).toHaveLength(11);
    const ttft = (tokens[0]?.at ?? 0) - sent;
    expect(ttft).toBeGreaterThanOrEqual(40);
    expect(ttft).toBeLessThanOrEqual(200);
    const meanItl = ((tokens[10]?.at ?? 0) - (tokens[0]?.at ?? 0)) / 10;
    expect(meanItl).toBeGreaterThanOrEqual(15);
    expect(meanItl).toBeLessThanOrEqual(60);
  });

  test("a large zero-delay stream arrives whole and in order", async () => {
    const { url, stats } = serveMock({ ttftMs: 0, itlMs: 0 });
    const events = await readSseEvents(
      await postJson(url, "/v1/completions", {
        model: "m",
        prompt: "x",
        max_tokens: 5000,
        stream: true,
      }),
    );
    expect(events).toHaveLength(5001);
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(JSON.parse(events[4999]?.data ?? "{}").choices[0].finish_reason).toBe("length");
    expect(stats.snapshot()).toMatchObject({ tokens_generated: 5000, in_flight: 0 });
  });

  test("a client that leaves mid-stream frees the request and the server serves the next one", async () => {
    const { url, stats } = serveMock({ ttftMs: 0, itlMs: 20 });
    const abort = new AbortController();
    const res = await postJson(
      url,
      "/v1/chat/completions",
      chat({ max_tokens: 10_000 }),
      abort.signal,
    );
    const reader = res.body?.getReader();
    await reader?.read();
    await reader?.read();
    expect(stats.snapshot().in_flight).toBe(1);
    abort.abort();
    for (let i = 0; i < 50 && stats.snapshot().in_flight > 0; i++) await Bun.sleep(10);
    const afterAbort = stats.snapshot();
    expect(afterAbort).toMatchObject({ in_flight: 0, aborted_total: 1 });
    expect(afterAbort.tokens_generated).toBeLessThan(100);

    await Bun.sleep(100);
    expect(stats.snapshot().tokens_generated).toBe(afterAbort.tokens_generated);
    const next = await postJson(url, "/v1/completions", { model: "m", prompt: "x", max_tokens: 2 });
    expect(next.status).toBe(200);
    expect((await jsonOf<CompletionBody>(next)).usage.completion_tokens).toBe(2);
  });

  test("a client that leaves a non-streamed request early frees it too", async () => {
    const { url, stats } = serveMock({ ttftMs: 5_000, itlMs: 0 });
    const abort = new AbortController();
    const pending = postJson(url, "/v1/completions", { model: "m", prompt: "x" }, abort.signal);
    for (let i = 0; i < 50 && stats.snapshot().in_flight === 0; i++) await Bun.sleep(10);
    expect(stats.snapshot().in_flight).toBe(1);
    abort.abort();
    await expect(pending).rejects.toThrow();
    for (let i = 0; i < 50 && stats.snapshot().in_flight > 0; i++) await Bun.sleep(10);
    expect(stats.snapshot()).toMatchObject({ in_flight: 0, aborted_total: 1, tokens_generated: 0 });
  });
});

describe("token stream", () => {
  const byte = new Uint8Array([120]);
  const plan = { steps: 5, tokensPerStep: 1, first: byte, middle: byte, last: byte, tail: byte };
  const slow = { ttft: () => 200, itl: () => 200 };

  function watched(
    signal?: AbortSignal,
    given = plan,
    latency = slow,
    faults: StreamFaults = { cutAfter: null, stallAt: null, stallMs: 0 },
  ) {
    const seen = { tokens: 0, ends: [] as StreamEnd[], stalls: 0 };
    const hooks = {
      onTokens: (n: number) => {
        seen.tokens += n;
      },
      onEnd: (end: StreamEnd) => {
        seen.ends.push(end);
      },
      onStall: () => {
        seen.stalls += 1;
      },
    };
    return { seen, stream: createTokenStream(given, latency, hooks, signal, faults) };
  }

  test("cancelling while a token is pending ends the stream at once, uncompleted", async () => {
    const { seen, stream } = watched();
    const reader = stream.getReader();
    const pending = reader.read();
    await Bun.sleep(10);
    const started = performance.now();
    await reader.cancel();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(performance.now() - started).toBeLessThan(100);
    expect(seen).toEqual({ tokens: 0, ends: ["abandoned"], stalls: 0 });
  });

  test("an aborted request closes the stream without writing the pending token", async () => {
    const abort = new AbortController();
    const { seen, stream } = watched(abort.signal);
    const reader = stream.getReader();
    const pending = reader.read();
    await Bun.sleep(10);
    abort.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(seen).toEqual({ tokens: 0, ends: ["abandoned"], stalls: 0 });
  });

  test("a stream read to its end reports every token and ends completed once", async () => {
    const lastByte = new Uint8Array([121]);
    const { seen, stream } = watched(
      undefined,
      { ...plan, steps: 600, tokensPerStep: 2, last: lastByte },
      { ttft: () => 0, itl: () => 0 },
    );
    expect(await new Response(stream).text()).toBe(`${"x".repeat(599)}yx`);
    expect(seen).toEqual({ tokens: 1200, ends: ["completed"], stalls: 0 });
  });

  const instant = { ttft: () => 0, itl: () => 0 };
  const numbered = { ...plan, steps: 6, first: new Uint8Array([97]), middle: new Uint8Array([98]) };

  test("a cut stream closes after its tokens, without the last one or the tail", async () => {
    const { seen, stream } = watched(undefined, numbered, instant, {
      cutAfter: 3,
      stallAt: null,
      stallMs: 0,
    });
    expect(await new Response(stream).text()).toBe("abb");
    expect(seen).toEqual({ tokens: 3, ends: ["cut"], stalls: 0 });
  });

  test("a stream cut before its first token ends empty after the TTFT", async () => {
    const { seen, stream } = watched(
      undefined,
      numbered,
      { ttft: () => 50, itl: () => 0 },
      {
        cutAfter: 0,
        stallAt: null,
        stallMs: 0,
      },
    );
    const started = performance.now();
    expect(await new Response(stream).text()).toBe("");
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(seen).toEqual({ tokens: 0, ends: ["cut"], stalls: 0 });
  });

  test("a stalled stream pauses stallMs before the chosen token, then finishes whole", async () => {
    const { seen, stream } = watched(undefined, numbered, instant, {
      cutAfter: null,
      stallAt: 2,
      stallMs: 120,
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const arrivals: Array<{ text: string; at: number }> = [];
    const started = performance.now();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push({ text: decoder.decode(value), at: performance.now() - started });
    }
    expect(arrivals.map((a) => a.text).join("")).toBe("abbbbxx");
    expect(arrivals[0]).toMatchObject({ text: "ab" });
    expect(arrivals[0]?.at).toBeLessThan(60);
    expect(arrivals[1]?.at).toBeGreaterThanOrEqual(115);
    expect(seen).toEqual({ tokens: 6, ends: ["completed"], stalls: 1 });
  });
});

describe("mock-ai timing", () => {
  test("never sends the first token sooner than the configured TTFT, though timers fire early", async () => {
    const { url } = serveMock({ ttftMs: 7, itlMs: 0 });
    const measured: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      const res = await postJson(url, "/v1/completions", {
        model: "m",
        prompt: "hi",
        max_tokens: 1,
        stream: true,
      });
      const reader = res.body?.getReader();
      await reader?.read();
      measured.push(performance.now() - sent);
      await reader?.cancel();
    }
    expect(Math.min(...measured)).toBeGreaterThanOrEqual(7);
  });
});
