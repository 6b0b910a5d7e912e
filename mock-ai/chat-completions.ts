import { type Answer, concatBytes, SSE_DONE, sseEvent, TOKEN_TEXT, usageOf } from "./answer.ts";
import type { StreamPlan } from "./sse-stream.ts";

/** The OpenAI `chat.completion` body of an answer. */
export function chatCompletionBody(answer: Answer) {
  return {
    id: answer.id,
    object: "chat.completion",
    created: answer.created,
    model: answer.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: TOKEN_TEXT.repeat(answer.tokens) },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: usageOf(answer),
  };
}

/**
 * The streamed form of an answer: one `chat.completion.chunk` per token whose delta holds
 * that token, the first also `role: "assistant"`, the last the finish reason; then the usage
 * chunk if asked; `[DONE]`. Every chunk carries exactly one token, so counting chunks counts tokens.
 */
export function chatCompletionStream(answer: Answer): StreamPlan {
  const { id, created, model } = answer;
  const chunk = (role: boolean, finish: Answer["finishReason"] | null) =>
    sseEvent({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [
        {
          index: 0,
          delta: role ? { role: "assistant", content: TOKEN_TEXT } : { content: TOKEN_TEXT },
          logprobs: null,
          finish_reason: finish,
        },
      ],
    });
  const usage = answer.includeUsage
    ? [
        sseEvent({
          id,
          object: "chat.completion.chunk",
          created,
          model,
          choices: [],
          usage: usageOf(answer),
        }),
      ]
    : [];
  return {
    steps: answer.tokens,
    tokensPerStep: 1,
    first: chunk(true, null),
    middle: chunk(false, null),
    last: chunk(answer.tokens === 1, answer.finishReason),
    tail: concatBytes([...usage, SSE_DONE]),
  };
}
export type ChatCompletionBody = ReturnType<typeof chatCompletionBody>;
