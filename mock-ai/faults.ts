import type { MockAiOptions } from "./options.ts";

/** What happens to a stream on its way: cut after `cutAfter` tokens, paused before token `stallAt`. */
export type StreamFaults = {
  /** Tokens written before the stream is closed without its last token or `[DONE]`; null: never. */
  cutAfter: number | null;
  /** The token before which the stream pauses `stallMs` (0: before the first); null: never. */
  stallAt: number | null;
  stallMs: number;
};

export type Faults = {
  /** Whether this request is refused outright, and how: an injected 500 or a 429. */
  refusal(): "error" | "rate_limited" | null;
  /** The faults of a stream of `tokens` tokens. */
  forStream(tokens: number): StreamFaults;
};

/**
 * The mock's fault injection, drawn from the one seeded random source. A rate of 0 or 1 draws
 * nothing, so turning faults off leaves the sequence (and the jitter) exactly as before, and a
 * rate of 1 needs no luck. Order of draws per request: 500, 429, then for a stream cut (and
 * where) and stall (and where).
 */
export function createFaults(options: MockAiOptions, random: () => number): Faults {
  const chance = (rate: number) => rate >= 1 || (rate > 0 && random() < rate);
  return {
    refusal() {
      if (chance(options.errorRate)) return "error";
      if (chance(options.rate429)) return "rate_limited";
      return null;
    },
    forStream(tokens) {
      // Anywhere from no token to all but the last: the finish reason and [DONE] never come.
      const cutAfter = chance(options.abortRate) ? Math.floor(random() * tokens) : null;
      let stallAt: number | null = null;
      if (chance(options.stallRate)) {
        stallAt = tokens > 1 ? 1 + Math.floor(random() * (tokens - 1)) : 0;
      }
      return { cutAfter, stallAt, stallMs: options.stallMs };
    },
  };
}
