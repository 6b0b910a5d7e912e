import type { StreamFaults } from "./faults.ts";
import type { LatencyModel } from "./latency-model.ts";

/**
 * The bytes of a streamed answer, encoded once per request: a "step" is one token for every
 * choice. `first` opens the stream, `middle` repeats, `last` carries the finish reason (and
 * whatever `first` would have carried when there is only one step), `tail` ends the stream.
 */
export type StreamPlan = {
  steps: number;
  tokensPerStep: number;
  first: Uint8Array;
  middle: Uint8Array;
  last: Uint8Array;
  tail: Uint8Array;
};

/** How a stream ended: read to its end, left by the client, or cut on purpose. */
export type StreamEnd = "completed" | "abandoned" | "cut";

export type StreamHooks = {
  /** Called as tokens are handed to the connection. */
  onTokens(count: number): void;
  /** Called once, when the stream ends. */
  onEnd(end: StreamEnd): void;
  /** Called when an injected stall begins. */
  onStall?(): void;
};

const NO_FAULTS: StreamFaults = { cutAfter: null, stallAt: null, stallMs: 0 };

/** Enough steps per write to keep a zero-delay stream cheap without building huge buffers. */
const MAX_STEPS_PER_WRITE = 256;

/**
 * A server-sent-event stream that writes each step when it is due: the first after the
 * model's TTFT, the next ones an ITL apart, measured from the request so timer lateness does
 * not add up. Every step already due is written in one buffer, so zero delays never touch a
 * timer. A cancelled stream or an aborted `signal` clears its timer and ends at once. `faults`
 * may close the stream early (no last step, no tail) or delay one step by `stallMs`.
 */
export function createTokenStream(
  plan: StreamPlan,
  latency: LatencyModel,
  hooks: StreamHooks,
  signal?: AbortSignal,
  faults: StreamFaults = NO_FAULTS,
): ReadableStream<Uint8Array> {
  let sent = 0;
  let due = performance.now() + latency.ttft();
  if (faults.stallAt === 0) {
    due += faults.stallMs;
    hooks.onStall?.();
  }
  let ended = false;
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  const end = (how: StreamEnd) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    wake?.();
    signal?.removeEventListener("abort", onAbort);
    hooks.onEnd(how);
  };
  const onAbort = () => end("abandoned");
  signal?.addEventListener("abort", onAbort, { once: true });

  const bytesOf = (step: number) =>
    step === plan.steps - 1 ? plan.last : step === 0 ? plan.first : plan.middle;

  const sleepUntilDue = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let now = performance.now();
      // Bun's timers truncate fractional delays and may fire up to ~1 ms early: sleep again
      // until the step is really due, so the mock never answers sooner than configured.
      while (!ended && due > now) {
        await sleepUntilDue(due - now);
        wake = undefined;
        now = performance.now();
      }
      if (ended) {
        // A cancelled stream is already closed; one whose request was aborted is closed here.
        if (!cancelled) controller.close();
        return;
      }
      const from = sent;
      let size = 0;
      while (sent < plan.steps && sent - from < MAX_STEPS_PER_WRITE && due <= now) {
        if (sent === faults.cutAfter) break;
        size += bytesOf(sent).length;
        sent++;
        if (sent < plan.steps) due += latency.itl();
        if (sent === faults.stallAt) {
          due += faults.stallMs;
          hooks.onStall?.();
        }
      }
      const cut = sent === faults.cutAfter;
      const done = sent === plan.steps;
      const out = new Uint8Array(done ? size + plan.tail.length : size);
      let at = 0;
      for (let step = from; step < sent; step++) {
        const bytes = bytesOf(step);
        out.set(bytes, at);
        at += bytes.length;
      }
      if (done) out.set(plan.tail, at);
      if (out.length > 0) controller.enqueue(out);
      hooks.onTokens((sent - from) * plan.tokensPerStep);
      if (done || cut) {
        end(done ? "completed" : "cut");
        controller.close();
      }
    },
    cancel() {
      cancelled = true;
      end("abandoned");
    },
  });
}
