import type { TargetSpec } from "../schemas/load-spec.ts";

export type OpenAiApi = TargetSpec["api"];

/** What one prompt asks of the server, whatever API carries it. */
export type PromptRequest = {
  model: string;
  prompt: string;
  max_tokens: number;
  temperature: number;
  stream: boolean;
};

/** Token counts the server reported, when it did. */
export type Usage = { prompt_tokens: number | null; completion_tokens: number | null };

/** What one response body or one stream chunk carried. */
export type ResponsePiece = {
  /** Generated text in this piece ("" when none). */
  text: string;
  usage: Usage | null;
  /** True when a choice carried a finish_reason: the generation ended properly. */
  finished: boolean;
  /** The server put an `error` object in the body instead of choices. */
  error: string | null;
};

/**
 * The JSON body of an OpenAI `/v1/completions` or `/v1/chat/completions` request. Streaming
 * requests ask for a final usage chunk (`stream_options.include_usage`), so token counts come from
 * the server rather than from counting chunks.
 *
 * @example
 * openAiRequestBody("chat", { model: "m", prompt: "hi", max_tokens: 5, temperature: 0, stream: false })
 * // { model: "m", messages: [{ role: "user", content: "hi" }], max_tokens: 5, temperature: 0, stream: false }
 */
export function openAiRequestBody(api: OpenAiApi, request: PromptRequest): Record<string, unknown> {
  const { model, prompt, max_tokens, temperature, stream } = request;
  const input = api === "chat" ? { messages: [{ role: "user", content: prompt }] } : { prompt };
  return {
    model,
    ...input,
    max_tokens,
    temperature,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
}

/**
 * The endpoint for an API under a server's base URL. A base URL that already ends in `/v1` (as
 * OpenAI clients are often configured) is not given a second one.
 */
export function openAiEndpoint(baseUrl: string, api: OpenAiApi): string {
  const base = baseUrl.replace(/\/+$/, "");
  const root = base.endsWith("/v1") ? base : `${base}/v1`;
  return api === "chat" ? `${root}/chat/completions` : `${root}/completions`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const count = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;

function usageOf(body: Record<string, unknown>): Usage | null {
  const usage = body.usage;
  if (!isRecord(usage)) return null;
  const parsed = {
    prompt_tokens: count(usage.prompt_tokens),
    completion_tokens: count(usage.completion_tokens),
  };
  return parsed.prompt_tokens === null && parsed.completion_tokens === null ? null : parsed;
}

function errorOf(body: Record<string, unknown>): string | null {
  const error = body.error;
  if (error === undefined || error === null) return null;
  if (isRecord(error) && typeof error.message === "string") return error.message;
  return typeof error === "string" ? error : "the server sent an error object";
}

function pieceOf(body: unknown, textOf: (choice: Record<string, unknown>) => unknown) {
  if (!isRecord(body)) return null;
  const choices = Array.isArray(body.choices) ? body.choices : [];
  let text = "";
  let finished = false;
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    const piece = textOf(choice);
    if (typeof piece === "string") text += piece;
    if (typeof choice.finish_reason === "string") finished = true;
  }
  return { text, usage: usageOf(body), finished, error: errorOf(body) } satisfies ResponsePiece;
}

/**
 * Text, usage and finish state of a complete (non-streaming) response body; null when the body is
 * not a JSON object. Completions read `choices[].text`, chat reads `choices[].message.content`.
 */
export function readResponseBody(api: OpenAiApi, body: unknown): ResponsePiece | null {
  return pieceOf(body, (choice) =>
    api === "chat" ? (isRecord(choice.message) ? choice.message.content : null) : choice.text,
  );
}

/**
 * Text, usage and finish state of one parsed stream chunk; null when the chunk is not a JSON
 * object. Completions read `choices[].text`, chat reads `choices[].delta.content`; the final usage
 * chunk has `choices: []` and only `usage`.
 */
export function readStreamChunk(api: OpenAiApi, chunk: unknown): ResponsePiece | null {
  return pieceOf(chunk, (choice) =>
    api === "chat" ? (isRecord(choice.delta) ? choice.delta.content : null) : choice.text,
  );
}
