import type { Clock } from "../core/clock.ts";
import type { Answer } from "./answer.ts";
import { chatCompletionBody, chatCompletionStream } from "./chat-completions.ts";
import { completionBody, completionStream } from "./completions.ts";
import type { Faults } from "./faults.ts";
import type { LatencyModel } from "./latency-model.ts";
import type { MockAiOptions } from "./options.ts";
import { createTokenStream, type StreamEnd } from "./sse-stream.ts";
import type { MockAiStats } from "./stats.ts";

/** Answers get this many tokens when neither `--output-tokens` nor `max_tokens` says otherwise. */
export const DEFAULT_MAX_TOKENS = 16;

/** A validated generation request, whichever endpoint it came in on. */
export type Generation = {
  api: "completions" | "chat";
  model: string;
  /** The prompt texts as received (chat: the messages' text joined by newlines). */
  prompts: string[];
  promptTokens: number;
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean;
};

export type GeneratorDeps = {
  options: MockAiOptions;
  stats: MockAiStats;
  latency: LatencyModel;
  faults: Faults;
  clock: Clock;
};

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
};

/**
 * The mock's one way of answering a generation request: maybe an injected 500 or 429,
 * otherwise an answer of the configured length, as a JSON body after the whole generation time
 * or as an SSE stream paced by the latency model (which an injected fault may cut or stall).
 * `signal` is the request's, so a client that leaves frees its timers. Counts everything in
 * `stats`.
 */
export function createGenerator(deps: GeneratorDeps) {
  const { options, stats, latency, faults, clock } = deps;
  let sequence = 0;

  const tokensFor = (maxTokens: number | undefined) => {
    if (options.outputTokens === undefined) {
      return { tokens: maxTokens ?? DEFAULT_MAX_TOKENS, finishReason: "length" as const };
    }
    if (maxTokens !== undefined && maxTokens <= options.outputTokens) {
      return { tokens: maxTokens, finishReason: "length" as const };
    }
    return { tokens: options.outputTokens, finishReason: "stop" as const };
  };

  return async function generate(request: Generation, signal?: AbortSignal): Promise<Response> {
    const refusal = faults.refusal();
    if (refusal === "rate_limited") {
      stats.rateLimited();
      return Response.json(
        {
          detail: `Injected fault: the mock AI server rate-limits this share of requests on purpose (--rate-429 ${options.rate429}); retry after ${options.retryAfterS} s`,
        },
        { status: 429, headers: { "retry-after": String(options.retryAfterS) } },
      );
    }
    if (refusal === "error") {
      stats.errorInjected();
      return Response.json(
        {
          detail: `Injected fault: the mock AI server fails this share of requests on purpose (--error-rate ${options.errorRate})`,
        },
        { status: 500 },
      );
    }
    sequence++;
    const chat = request.api === "chat";
    const answer: Answer = {
      id: `${chat ? "chatcmpl" : "cmpl"}-mock${sequence.toString(16).padStart(12, "0")}`,
      created: Math.floor(clock.now() / 1000),
      model: request.model,
      choices: chat ? 1 : request.prompts.length,
      promptTokens: request.promptTokens,
      includeUsage: request.includeUsage,
      ...tokensFor(request.maxTokens),
    };
    const startedAt = performance.now();
    stats.started(request.prompts, request.promptTokens, request.stream);
    const finish = (end: StreamEnd) => stats.finished(end, (performance.now() - startedAt) / 1000);

    if (request.stream) {
      const plan = chat ? chatCompletionStream(answer) : completionStream(answer);
      const hooks = { onTokens: stats.tokens, onEnd: finish, onStall: stats.stalled };
      const stream = createTokenStream(
        plan,
        latency,
        hooks,
        signal,
        faults.forStream(answer.tokens),
      );
      return new Response(stream, { headers: SSE_HEADERS });
    }
    let generationMs = latency.ttft();
    for (let token = 1; token < answer.tokens; token++) generationMs += latency.itl();
    const completed = await waitUnlessAborted(generationMs, signal);
    if (completed) stats.tokens(answer.tokens * answer.choices);
    finish(completed ? "completed" : "abandoned");
    return Response.json(chat ? chatCompletionBody(answer) : completionBody(answer));
  };
}
export type Generate = ReturnType<typeof createGenerator>;

/** Waits `ms` (not at all for 0); resolves false early if the client goes away. */
function waitUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
