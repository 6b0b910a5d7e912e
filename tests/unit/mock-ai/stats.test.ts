import { describe, expect, test } from "bun:test";
import type { Service } from "../../../mock-ai/aif-services.ts";
import { createMockAi } from "../../../mock-ai/create-mock-ai.ts";
import { createStats, LAST_PROMPTS_KEPT, MockAiStatsBody } from "../../../mock-ai/stats.ts";
import { jsonOf } from "./sse-events.ts";

describe("mock-ai stats", () => {
  test("/stats counts every completion on every endpoint, streamed or not", async () => {
    const { app } = createMockAi({ ttftMs: 0, itlMs: 0 });
    const post = (path: string, body: unknown) =>
      app.request(path, { method: "POST", body: JSON.stringify(body) });
    const service = await jsonOf<Service>(
      await post("/api/v1/services", { recipe_name: "inference/vllm" }),
    );
    const chat = (content: string) => [{ role: "user", content }];
    const answers = [
      await post("/v1/completions", { model: "m", prompt: "one", max_tokens: 2 }),
      await post("/v1/completions", {
        model: "m",
        prompt: "two words",
        max_tokens: 3,
        stream: true,
      }),
      await post("/v1/chat/completions", { model: "m", messages: chat("three"), max_tokens: 4 }),
      await post("/v1/chat/completions", {
        model: "m",
        messages: chat("four"),
        max_tokens: 5,
        stream: true,
      }),
      await post(`/api/v1/vllm/${service.id}/prompt`, { prompt: "five", max_tokens: 6 }),
      await post(`/api/v1/vllm/${service.id}/prompt`, {
        prompt: "six",
        max_tokens: 7,
        stream: true,
      }),
      await post("/v1/completions", { model: "m" }),
    ];
    await Promise.all(answers.map((res) => res.text()));

    const stats = MockAiStatsBody.parse(await (await app.request("/stats")).json());
    expect(stats).toEqual({
      requests_total: 7,
      completions_total: 6,
      streamed_total: 3,
      aborted_total: 0,
      errors_injected: 0,
      rate_limited: 0,
      streams_cut: 0,
      streams_stalled: 0,
      tokens_generated: 2 + 3 + 4 + 5 + 6 + 7,
      prompt_tokens: 7,
      prompts_received: 6,
      last_prompts: ["one", "two words", "three", "four", "five", "six"],
      in_flight: 0,
    });
  });

  test("POST /stats/reset zeroes the counters and forgets the prompts", async () => {
    const { app } = createMockAi({ ttftMs: 0, itlMs: 0 });
    await app.request("/v1/completions", {
      method: "POST",
      body: JSON.stringify({ model: "m", prompt: "remember me" }),
    });
    const reset = await app.request("/stats/reset", { method: "POST" });
    expect(reset.status).toBe(200);
    const after = await jsonOf<MockAiStatsBody>(await app.request("/stats"));
    expect(after).toMatchObject({ completions_total: 0, tokens_generated: 0, last_prompts: [] });
  });

  test("only the last 100 prompts are kept, newest last", () => {
    const stats = createStats();
    for (let i = 0; i < 130; i++) stats.started([`prompt ${i}`], 2, false);
    const { last_prompts, prompts_received } = stats.snapshot();
    expect(prompts_received).toBe(130);
    expect(last_prompts).toHaveLength(LAST_PROMPTS_KEPT);
    expect(last_prompts[0]).toBe("prompt 30");
    expect(last_prompts.at(-1)).toBe("prompt 129");
  });

  test("finished latencies fall into the first bucket that holds them", () => {
    const stats = createStats();
    for (const seconds of [0.004, 0.07, 0.07, 5000]) {
      stats.started(["x"], 1, false);
      stats.finished("completed", seconds);
    }
    const e2e = stats.e2eHistogram();
    expect(e2e.count).toBe(4);
    expect(e2e.sum).toBeCloseTo(5000.144, 6);
    expect(e2e.buckets[0]).toBe(1);
    expect(e2e.buckets[e2e.bounds.indexOf(0.1)]).toBe(2);
    expect(e2e.buckets.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
