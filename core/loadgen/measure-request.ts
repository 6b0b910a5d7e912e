import type { ErrorClass } from "../schemas/results.ts";
import type { FetchFn } from "./fetch-fn.ts";
import {
  type ResponsePiece,
  readResponseBody,
  readStreamChunk,
  type Usage,
} from "./openai-request.ts";
import type { RequestTarget } from "./request-target.ts";
import { createSseParser, SSE_DONE } from "./sse-parser.ts";

/** What one request did. Times are monotonic milliseconds; durations are in milliseconds. */
export type RequestRecord = {
  /** When the schedule wanted the request sent (equal to `sent_at_ms` in a closed loop). */
  intended_at_ms: number;
  sent_at_ms: number;
  ok: boolean;
  error: ErrorClass | null;
  /** HTTP status when an answer came, else null. */
  status: number | null;
  /** A short explanation of a failure, for logs. */
  detail: string | null;
  /** Time to the first piece with content; for a non-streaming answer, the whole answer. */
  ttft_ms: number | null;
  /** Arrival of every piece with content, since `sent_at_ms`; their gaps are the ITLs. */
  chunk_times_ms: number[];
  e2e_ms: number;
  output_tokens: number;
  /** "usage": the server's `usage.completion_tokens`; "counted": pieces with content. */
  output_tokens_source: "usage" | "counted";
  input_tokens: number;
  /** Cut short by the agent itself (stop or time limit): says nothing about the server. */
  cancelled: boolean;
  /** Started inside the warm-up window; set by the schedule, excluded from statistics. */
  warmup: boolean;
};

export type MeasureDeps = {
  fetch: FetchFn;
  /** Monotonic milliseconds (`performance.now()`), never wall time. */
  now: () => number;
};

export type MeasureOptions = {
  timeoutMs: number;
  /** The agent's own stop signal. */
  signal?: AbortSignal;
  intendedAtMs?: number;
};

type Outcome = {
  error: ErrorClass | null;
  detail: string | null;
  status: number | null;
  chunkTimes: number[];
  usage: Usage | null;
  endMs: number;
  /** A non-streaming answer arrives at once: its first token came with its last. */
  whole: boolean;
};

/**
 * Sends one prompt to the target and measures it: TTFT, every content arrival, E2E, tokens and,
 * when it failed, exactly one error class (`http_429`, `http_4xx`, `http_5xx`, `timeout`,
 * `connect`, `aborted_stream`, `invalid_response`). Never throws: every failure is a record.
 */
export async function measureRequest(
  deps: MeasureDeps,
  target: RequestTarget,
  prompt: string,
  options: MeasureOptions,
): Promise<RequestRecord> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const body = target.body(prompt);
  const sentAt = deps.now();
  const outcome: Outcome = {
    error: null,
    detail: null,
    status: null,
    chunkTimes: [],
    usage: null,
    endMs: sentAt,
    whole: false,
  };
  let cancelled = false;
  let answered = false;
  try {
    const response = await deps.fetch(target.url, {
      method: "POST",
      headers: target.headers,
      body,
      signal,
    });
    answered = true;
    outcome.status = response.status;
    await readAnswer(deps, target, response, sentAt, outcome);
  } catch (error) {
    if (timeout.aborted) {
      outcome.error = "timeout";
      outcome.detail = `no complete answer within ${options.timeoutMs} ms`;
    } else if (options.signal?.aborted) {
      cancelled = true;
      outcome.detail = "stopped by the agent";
    } else {
      outcome.error = answered ? "aborted_stream" : "connect";
      outcome.detail = String(error);
    }
    outcome.endMs = deps.now();
  }
  return toRecord(outcome, sentAt, options.intendedAtMs ?? sentAt, cancelled);
}

async function readAnswer(
  deps: MeasureDeps,
  target: RequestTarget,
  response: Response,
  sentAt: number,
  outcome: Outcome,
): Promise<void> {
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    outcome.endMs = deps.now();
    const status = response.status;
    outcome.error = status === 429 ? "http_429" : status >= 500 ? "http_5xx" : "http_4xx";
    outcome.detail = `HTTP ${status}: ${text.slice(0, 200)}`;
    return;
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (!target.stream || contentType.includes("application/json")) {
    const text = await response.text();
    outcome.endMs = deps.now();
    let piece: ResponsePiece | null = null;
    try {
      piece = readResponseBody(target.api, JSON.parse(text));
    } catch {
      piece = null;
    }
    if (piece === null || piece.error !== null) {
      outcome.error = "invalid_response";
      outcome.detail = piece?.error ?? `not a JSON completion: ${text.slice(0, 200)}`;
      return;
    }
    outcome.usage = piece.usage;
    outcome.whole = true;
    if (piece.text.length > 0) outcome.chunkTimes.push(outcome.endMs - sentAt);
    return;
  }
  await readStream(deps, target, response, sentAt, outcome);
}

async function readStream(
  deps: MeasureDeps,
  target: RequestTarget,
  response: Response,
  sentAt: number,
  outcome: Outcome,
): Promise<void> {
  const parser = createSseParser();
  const reader = response.body?.getReader();
  let finished = false;
  let done = false;
  // One arrival time per network read: events that came together arrived together.
  const take = (payloads: string[], at: number): boolean => {
    for (const payload of payloads) {
      if (payload === SSE_DONE) return true;
      let piece: ResponsePiece | null = null;
      try {
        piece = readStreamChunk(target.api, JSON.parse(payload));
      } catch {
        piece = null;
      }
      if (piece === null) {
        outcome.error = "invalid_response";
        outcome.detail = `a stream event is not JSON: ${payload.slice(0, 200)}`;
        return true;
      }
      if (piece.error !== null) {
        outcome.error = "aborted_stream";
        outcome.detail = `the server reported an error mid-stream: ${piece.error}`;
        return true;
      }
      if (piece.text.length > 0) outcome.chunkTimes.push(at - sentAt);
      if (piece.usage !== null) outcome.usage = piece.usage;
      if (piece.finished) finished = true;
    }
    return false;
  };
  while (reader && !done) {
    const { value, done: ended } = await reader.read();
    const at = deps.now();
    outcome.endMs = at;
    if (ended) {
      done = take(parser.end(), at);
      break;
    }
    done = take(parser.push(value), at);
  }
  if (done) await reader?.cancel().catch(() => undefined);
  if (outcome.error === null && !done && !finished) {
    outcome.error = "aborted_stream";
    outcome.detail = "the stream ended before [DONE] or a finish_reason";
  }
}

function toRecord(
  outcome: Outcome,
  sentAt: number,
  intendedAt: number,
  cancelled: boolean,
): RequestRecord {
  const ok = outcome.error === null && !cancelled;
  const fromUsage = outcome.usage?.completion_tokens ?? null;
  const chunkTimes = outcome.chunkTimes;
  const e2e = outcome.endMs - sentAt;
  const firstChunk = chunkTimes.length > 0 ? (chunkTimes[0] as number) : null;
  return {
    intended_at_ms: intendedAt,
    sent_at_ms: sentAt,
    ok,
    error: outcome.error,
    status: outcome.status,
    detail: outcome.detail,
    ttft_ms: ok && outcome.whole ? e2e : firstChunk,
    chunk_times_ms: chunkTimes,
    e2e_ms: e2e,
    output_tokens: fromUsage ?? chunkTimes.length,
    output_tokens_source: fromUsage === null ? "counted" : "usage",
    input_tokens: outcome.usage?.prompt_tokens ?? 0,
    cancelled,
    warmup: false,
  };
}
