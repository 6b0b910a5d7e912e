/** One HTTP request as the load driver saw it: status (0 when it never got an answer) and time. */
export type TimedAnswer = { status: number; ms: number; body: unknown; error: string | null };

/**
 * Sends one request and reads its JSON answer, timing from just before `fetch` to the last byte
 * of the body. A refused or broken connection is an answer with status 0 and the error's text,
 * never a throw, so one failure cannot hide the others.
 */
export async function timedRequest(url: string, init: RequestInit = {}): Promise<TimedAnswer> {
  const at = performance.now();
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, ms: performance.now() - at, body, error: null };
  } catch (error) {
    return {
      status: 0,
      ms: performance.now() - at,
      body: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Runs `task(0..count-1)` with at most `concurrency` of them in flight at once. */
export async function inPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** How many answers had each status (`0` for no answer), e.g. `{ "201": 998, "0": 2 }`. */
export function statusCounts(answers: readonly TimedAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}
