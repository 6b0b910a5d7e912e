/** How far back the progress rate looks: long enough to smooth bursts, short enough to be "now". */
export const PROGRESS_RATE_WINDOW_MS = 5000;

/**
 * A meter for the progress posts: given the run's total of finished requests at each tick, the
 * requests finished per second over the last `windowMs` (or since the first tick, while the run
 * is younger than that). Pure bookkeeping over the totals it is shown; `now` is monotonic ms.
 *
 * @example
 * const rate = progressRate(() => performance.now());
 * rate(0); // 0
 * rate(50); // one second later: 50
 */
export function progressRate(
  now: () => number,
  windowMs = PROGRESS_RATE_WINDOW_MS,
): (total: number) => number {
  const ticks: Array<{ at: number; total: number }> = [];
  return (total) => {
    const at = now();
    ticks.push({ at, total });
    // Keep the newest tick at or before the window's start as the reference point.
    while (ticks.length > 2 && (ticks[1] as { at: number }).at <= at - windowMs) ticks.shift();
    const first = ticks[0] as { at: number; total: number };
    const seconds = (at - first.at) / 1000;
    return seconds > 0 ? Math.max(total - first.total, 0) / seconds : 0;
  };
}
