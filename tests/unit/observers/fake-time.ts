import type { Every } from "../../../core/observers/monitor-proxy.ts";

/**
 * Wall clock, monotonic clock and interval timers on one hand-moved time line: `advance(ms)`
 * fires every interval that falls due, in order, with the clocks reading the due time.
 */
export function fakeTime(start = 1_700_000_000_000) {
  let now = start;
  const timers = new Set<{ ms: number; due: number; tick: () => void }>();
  const every: Every = (ms, tick) => {
    const timer = { ms, due: now + ms, tick };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  return {
    clock: { now: () => now },
    monotonic: () => now - start,
    every,
    /** Intervals of the timers running now. */
    running: () => [...timers].map((t) => t.ms),
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...timers].sort((a, b) => a.due - b.due)[0];
        if (next === undefined || next.due > end) break;
        now = next.due;
        next.due += next.ms;
        next.tick();
      }
      now = end;
    },
  };
}

/** A fetch that keeps every JSON body it is given per URL and answers 200, or as `answer` says. */
export function recordingFetch(
  answer: (url: string) => Promise<Response> = async () => new Response("ok"),
) {
  const posts: Array<{ url: string; body: Record<string, unknown> }> = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    posts.push({ url, body: JSON.parse(String(init?.body)) });
    return answer(url);
  };
  return { fetch, posts };
}

/** Lets every pending post and its follow-ups run. */
export const settle = () => Bun.sleep(5);
