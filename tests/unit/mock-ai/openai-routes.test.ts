import { describe, expect, test } from "bun:test";
import { manualClock } from "../../../core/clock.ts";
import type { ErrorBody } from "../../../core/schemas/errors.ts";
import type { CompletionBody } from "../../../mock-ai/completions.ts";
import { createMockAi } from "../../../mock-ai/create-mock-ai.ts";
import { jsonOf } from "./sse-events.ts";

const instant = { ttftMs: 0, itlMs: 0 };

function post(app: ReturnType<typeof createMockAi>["app"], path: string, body: unknown) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("mock-ai OpenAI routes", () => {
  test("health answers ok", async () => {
    const { app } = createMockAi(instant);
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  test("the models list holds the configured model; an unknown id is a 404 with detail", async () => {
    const clock = manualClock(1_700_000_000_000);
    const { app } = createMockAi({ ...instant, model: "org/llama-3" }, { clock });
    const model = {
      id: "org/llama-3",
      object: "model",
      created: 1_700_000_000,
      owned_by: "mock-ai",
    };
    expect(await (await app.request("/v1/models")).json()).toEqual({
      object: "list",
      data: [model],
    });
    expect(await (await app.request("/v1/models/org/llama-3")).json()).toEqual(model);
    const missing = await app.request("/v1/models/gpt-9");
    expect(missing.status).toBe(404);
    expect((await jsonOf<ErrorBody>(missing)).detail).toContain("gpt-9");
  });

  test("a completion is an OpenAI text_completion with max_tokens tokens and word-counted usage", async () => {
    const clock = manualClock(1_700_000_123_456);
    const { app } = createMockAi(instant, { clock });
    const res = await post(app, "/v1/completions", {
      model: "whatever-was-asked",
      prompt: "three little words",
      max_tokens: 4,
      temperature: 0.7,
    });
    expect(res.status).toBe(200);
    const body = await jsonOf<CompletionBody>(res);
    expect(body).toEqual({
      id: expect.stringMatching(/^cmpl-/),
      object: "text_completion",
      created: 1_700_000_123,
      model: "whatever-was-asked",
      choices: [{ index: 0, text: " tok tok tok tok", finish_reason: "length", logprobs: null }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
  });

  test("without max_tokens an answer has 16 tokens", async () => {
    const { app } = createMockAi(instant);
    const body = await jsonOf<CompletionBody>(
      await post(app, "/v1/completions", { model: "m", prompt: "x" }),
    );
    expect(body.usage.completion_tokens).toBe(16);
    expect(body.choices[0]?.text).toBe(" tok".repeat(16));
  });

  test("--output-tokens fixes the length, capped by max_tokens", async () => {
    const { app } = createMockAi({ ...instant, outputTokens: 5 });
    const free = await jsonOf<CompletionBody>(
      await post(app, "/v1/completions", { model: "m", prompt: "x" }),
    );
    expect(free.usage.completion_tokens).toBe(5);
    expect(free.choices[0]?.finish_reason).toBe("stop");
    const longer = { model: "m", prompt: "x", max_tokens: 50 };
    expect(
      (await jsonOf<CompletionBody>(await post(app, "/v1/completions", longer))).usage
        .completion_tokens,
    ).toBe(5);
    const capped = await jsonOf<CompletionBody>(
      await post(app, "/v1/completions", { model: "m", prompt: "x", max_tokens: 2 }),
    );
    expect(capped.usage.completion_tokens).toBe(2);
    expect(capped.choices[0]?.finish_reason).toBe("length");
  });

  test("a list of prompts gets one choice each", async () => {
    const { app } = createMockAi(instant);
    const body = await jsonOf<CompletionBody>(
      await post(app, "/v1/completions", { model: "m", prompt: ["a b", "c"], max_tokens: 2 }),
    );
    expect(body.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(body.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  test("a chat completion answers as the assistant", async () => {
    const { app } = createMockAi(instant);
    const res = await post(app, "/v1/chat/completions", {
      model: "chat-model",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: [{ type: "text", text: "hello there you" }] },
      ],
      max_completion_tokens: 3,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: "chat.completion",
      created: expect.any(Number),
      model: "chat-model",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: " tok tok tok" },
          logprobs: null,
          finish_reason: "length",
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
  });

  test.each([
    ["model: required", "/v1/completions", { prompt: "x" }],
    ["prompt: required", "/v1/completions", { model: "m" }],
    ["prompt: expected a string", "/v1/completions", { model: "m", prompt: 7 }],
    ["max_tokens:", "/v1/completions", { model: "m", prompt: "x", max_tokens: 0 }],
    ["messages: required", "/v1/chat/completions", { model: "m" }],
    ["messages:", "/v1/chat/completions", { model: "m", messages: [] }],
    ["model: required", "/v1/chat/completions", { messages: [{ role: "user", content: "x" }] }],
    ["body: request body is not valid JSON", "/v1/chat/completions", "{not json"],
    ["body: expected object", "/v1/completions", "[1, 2]"],
  ])("a 400 whose detail says %s answers a bad POST %s", async (detail, path, body) => {
    const { app, stats } = createMockAi(instant);
    const res = await post(app, path, body);
    expect(res.status).toBe(400);
    expect((await jsonOf<ErrorBody>(res)).detail).toContain(detail);
    expect(stats.snapshot()).toMatchObject({ requests_total: 1, completions_total: 0 });
  });

  test("an error rate of 1 answers every request 500 with a detail", async () => {
    const { app, stats } = createMockAi({ ...instant, errorRate: 1 });
    for (const path of ["/v1/completions", "/v1/chat/completions"]) {
      const body = { model: "m", prompt: "x", messages: [{ role: "user", content: "x" }] };
      const res = await post(app, path, body);
      expect(res.status).toBe(500);
      expect((await jsonOf<ErrorBody>(res)).detail).toContain("Injected fault");
    }
    expect(stats.snapshot()).toMatchObject({ errors_injected: 2, completions_total: 0 });
  });

  test("an error rate of 0 fails nothing", async () => {
    const { app, stats } = createMockAi({ ...instant, errorRate: 0 });
    const statuses = await Promise.all(
      Array.from(
        { length: 50 },
        async () => (await post(app, "/v1/completions", { model: "m", prompt: "x" })).status,
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(stats.snapshot().errors_injected).toBe(0);
  });

  test("a partial error rate fails about that share, the same requests for the same seed", async () => {
    const run = async (seed: number) => {
      const { app } = createMockAi({ ...instant, errorRate: 0.3, seed });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) {
        statuses.push((await post(app, "/v1/completions", { model: "m", prompt: "x" })).status);
      }
      return statuses;
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
    const failed = first.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
  });

  test("a non-streamed answer takes TTFT plus an ITL per further token", async () => {
    const { app } = createMockAi({ ttftMs: 40, itlMs: 10 });
    const started = performance.now();
    await post(app, "/v1/completions", { model: "m", prompt: "x", max_tokens: 5 });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(75);
    expect(took).toBeLessThan(400);
  });

  test("jitter draws come from the random source passed in", async () => {
    const slow = createMockAi({ ttftMs: 0, itlMs: 0, jitterMs: 30 }, { random: () => 0.999 });
    const fast = createMockAi({ ttftMs: 0, itlMs: 0, jitterMs: 30 }, { random: () => 0 });
    const body = { model: "m", prompt: "x", max_tokens: 3 };
    let started = performance.now();
    await post(slow.app, "/v1/completions", body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    started = performance.now();
    await post(fast.app, "/v1/completions", body);
    expect(performance.now() - started).toBeLessThan(40);
  });

  test("an unknown route is a 404 with detail", async () => {
    const { app } = createMockAi(instant);
    const res = await app.request("/v2/nothing");
    expect(res.status).toBe(404);
    expect((await jsonOf<ErrorBody>(res)).detail).toContain("/v2/nothing");
  });
});
