import { describe, expect, test } from "bun:test";
import { manualClock } from "../../../core/clock.ts";
import type { ErrorBody } from "../../../core/schemas/errors.ts";
import type { Service } from "../../../mock-ai/aif-services.ts";
import { createMockAi } from "../../../mock-ai/create-mock-ai.ts";
import { jsonChunks, jsonOf, readSseEvents } from "./sse-events.ts";

function setup(options = {}) {
  const clock = manualClock(Date.parse("2025-01-02T03:04:05.000Z"));
  const mock = createMockAi({ ttftMs: 0, itlMs: 0, ...options }, { clock });
  const post = (path: string, body: unknown) =>
    mock.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return { ...mock, post };
}

describe("mock-ai AI Factory server services", () => {
  test("creating a service answers 201 with a running service that can be read back", async () => {
    const { app, post } = setup();
    const config = { model: "meta/llama", tensor_parallel_size: 2 };
    const res = await post("/api/v1/services", { recipe_name: "inference/vllm", config });
    expect(res.status).toBe(201);
    const service = await jsonOf<Service>(res);
    expect(service).toEqual({
      id: expect.any(String),
      name: expect.stringContaining("inference-vllm"),
      recipe_name: "inference/vllm",
      status: "running",
      config,
      created_at: "2025-01-02T03:04:05.000Z",
    });
    const read = await app.request(`/api/v1/services/${service.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(service);
  });

  test("the list holds every service created, each with its own id", async () => {
    const { app, post } = setup();
    await post("/api/v1/services", { recipe_name: "inference/vllm" });
    await post("/api/v1/services", { recipe_name: "inference/vllm", name: "second" });
    const list = await jsonOf<Service[]>(await app.request("/api/v1/services"));
    expect(list).toHaveLength(2);
    expect(new Set(list.map((s) => s.id)).size).toBe(2);
    expect(list[1]).toMatchObject({ name: "second", config: {} });
  });

  test("a service without a recipe_name is refused with a 400 naming it", async () => {
    const { post } = setup();
    const res = await post("/api/v1/services", { config: {} });
    expect(res.status).toBe(400);
    expect((await jsonOf<ErrorBody>(res)).detail).toBe("recipe_name: required");
  });

  test("an unknown service is a 404 for reading and for prompting", async () => {
    const { app, post, stats } = setup();
    const read = await app.request("/api/v1/services/svc-nope");
    expect(read.status).toBe(404);
    expect((await jsonOf<ErrorBody>(read)).detail).toContain("svc-nope");
    const prompt = await post("/api/v1/vllm/svc-nope/prompt", { prompt: "hello" });
    expect(prompt.status).toBe(404);
    expect((await jsonOf<ErrorBody>(prompt)).detail).toContain("svc-nope");
    expect(stats.snapshot().completions_total).toBe(0);
  });

  test("prompting a service answers like /v1/completions with the service's model", async () => {
    const { post } = setup();
    const service = await jsonOf<Service>(
      await post("/api/v1/services", {
        recipe_name: "inference/vllm",
        config: { model: "meta/llama" },
      }),
    );
    const res = await post(`/api/v1/vllm/${service.id}/prompt`, {
      prompt: "tell me a story",
      max_tokens: 3,
      temperature: 0.7,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      object: "text_completion",
      model: "meta/llama",
      choices: [{ index: 0, text: " tok tok tok", finish_reason: "length", logprobs: null }],
      usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
    });
  });

  test("prompting a service with stream: true answers SSE ending in [DONE]", async () => {
    const { post } = setup();
    const service = await jsonOf<Service>(
      await post("/api/v1/services", { recipe_name: "inference/vllm" }),
    );
    const res = await post(`/api/v1/vllm/${service.id}/prompt`, {
      prompt: "hi",
      max_tokens: 4,
      stream: true,
    });
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    const events = await readSseEvents(res);
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = jsonChunks(events);
    expect(chunks).toHaveLength(4);
    expect(chunks[0]).toMatchObject({ object: "text_completion", model: "mock-model" });
  });

  test("a prompt that is not a string is a 400 naming the field", async () => {
    const { post } = setup();
    const service = await jsonOf<Service>(
      await post("/api/v1/services", { recipe_name: "inference/vllm" }),
    );
    const res = await post(`/api/v1/vllm/${service.id}/prompt`, { prompt: ["a"] });
    expect(res.status).toBe(400);
    expect((await jsonOf<ErrorBody>(res)).detail).toContain("prompt:");
  });
});
