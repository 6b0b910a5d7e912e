import { type Answer, concatBytes, SSE_DONE, sseEvent, TOKEN_TEXT, usageOf } from "./answer.ts";
import type { StreamPlan } from "./sse-stream.ts";

/** The OpenAI `text_completion` body of an answer: one choice per prompt. */
export function completionBody(answer: Answer) {
  const text = TOKEN_TEXT.repeat(answer.tokens);
  return {
    id: answer.id,
    object: "text_completion",
    created: answer.created,
    model: answer.model,
    choices: Array.from({ length: answer.choices }, (_, index) => ({
      index,
      text,
      finish_reason: answer.finishReason,
      logprobs: null,
    })),
    usage: usageOf(answer),
  };
}

/**
 * The streamed form of an answer: per token one `text_completion` chunk per choice with one
 * token of text, the last carrying the finish reason; then the usage chunk if asked; `[DONE]`.
 */
export function completionStream(answer: Answer): StreamPlan {
  const { id, created, model } = answer;
  const step = (finish: Answer["finishReason"] | null) =>
    concatBytes(
      Array.from({ length: answer.choices }, (_, index) =>
        sseEvent({
          id,
          object: "text_completion",
          created,
          model,
          choices: [{ index, text: TOKEN_TEXT, finish_reason: finish, logprobs: null }],
        }),
      ),
    );
  const middle = step(null);
  const usage = answer.includeUsage
    ? [
        sseEvent({
          id,
          object: "text_completion",
          created,
          model,
          choices: [],
          usage: usageOf(answer),
        }),
      ]
    : [];
  return {
    steps: answer.tokens,
    tokensPerStep: answer.choices,
    first: middle,
    middle,
    last: step(answer.finishReason),
    tail: concatBytes([...usage, SSE_DONE]),
  };
}
export type CompletionBody = ReturnType<typeof completionBody>;
