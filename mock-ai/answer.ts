/** The text of every generated token: one short word, so answers are easy to count in tests. */
export const TOKEN_TEXT = " tok";

/** What the mock decided to answer to one generation request, before it is encoded. */
export type Answer = {
  id: string;
  /** Unix seconds, as OpenAI reports `created`. */
  created: number;
  /** The model the request named, reported back as given. */
  model: string;
  /** Completions answer one choice per prompt; chat answers one. */
  choices: number;
  /** Tokens generated for each choice. */
  tokens: number;
  finishReason: "length" | "stop";
  promptTokens: number;
  includeUsage: boolean;
};

/** The OpenAI `usage` object of an answer. */
export function usageOf(answer: Answer) {
  const completion = answer.tokens * answer.choices;
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: completion,
    total_tokens: answer.promptTokens + completion,
  };
}

const encoder = new TextEncoder();

/** One server-sent event carrying `data` as JSON, encoded once so a stream can repeat its bytes. */
export function sseEvent(data: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
}

export const SSE_DONE = encoder.encode("data: [DONE]\n\n");

/** Joins encoded events into one buffer. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
