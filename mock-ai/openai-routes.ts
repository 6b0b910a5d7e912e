import { Hono } from "hono";
import type { Generate } from "./generation.ts";
import type { MockAiOptions } from "./options.ts";
import {
  ChatCompletionRequest,
  CompletionRequest,
  countWords,
  readBody,
} from "./request-schemas.ts";
import type { MockAiStats } from "./stats.ts";

type Deps = { options: MockAiOptions; stats: MockAiStats; generate: Generate; startedAt: number };

/** A chat message's text, whether sent as a string or as OpenAI content parts. */
const messageText = (content: ChatCompletionRequest["messages"][number]["content"]) =>
  typeof content === "string" ? content : (content ?? []).map((part) => part.text ?? "").join("");

/**
 * The OpenAI-compatible routes: `/v1/models`, `/v1/models/{id}`, `/v1/completions` and
 * `/v1/chat/completions`. Any model name is served and reported back as requested (vLLM would
 * refuse an unknown one; a test double is more useful when it does not).
 */
export function openAiRoutes({ options, stats, generate, startedAt }: Deps) {
  const app = new Hono();
  const model = {
    id: options.model,
    object: "model",
    created: Math.floor(startedAt / 1000),
    owned_by: "mock-ai",
  };

  app.get("/v1/models", (c) => c.json({ object: "list", data: [model] }));
  app.get("/v1/models/:id{.+}", (c) => {
    const id = c.req.param("id");
    if (id === model.id) return c.json(model);
    return c.json({ detail: `Model ${id} not found; this mock serves ${model.id}` }, 404);
  });

  app.post("/v1/completions", async (c) => {
    stats.request();
    const body = await readBody(c.req.raw, CompletionRequest);
    if (!body.ok) return c.json({ detail: body.detail }, 400);
    const { model, prompt, max_tokens, stream, stream_options } = body.value;
    const prompts = typeof prompt === "string" ? [prompt] : prompt;
    return generate(
      {
        api: "completions",
        model,
        prompts,
        // Every prompt is generated from, so every prompt's words count.
        promptTokens: prompts.reduce((sum, text) => sum + countWords(text), 0),
        maxTokens: max_tokens ?? undefined,
        stream: stream === true,
        includeUsage: stream_options?.include_usage === true,
      },
      c.req.raw.signal,
    );
  });

  app.post("/v1/chat/completions", async (c) => {
    stats.request();
    const body = await readBody(c.req.raw, ChatCompletionRequest);
    if (!body.ok) return c.json({ detail: body.detail }, 400);
    const { model, messages, max_tokens, max_completion_tokens, stream, stream_options } =
      body.value;
    const text = messages.map((message) => messageText(message.content)).join("\n");
    return generate(
      {
        api: "chat",
        model,
        prompts: [text],
        promptTokens: countWords(text),
        maxTokens: max_completion_tokens ?? max_tokens ?? undefined,
        stream: stream === true,
        includeUsage: stream_options?.include_usage === true,
      },
      c.req.raw.signal,
    );
  });

  return app;
}
