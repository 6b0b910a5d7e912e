/**
 * Preloaded into a process under measurement (`bun --preload loop-lag-probe.ts <script>`): a
 * 1 ms interval timer whose lateness is the process's event-loop lag (plus the timer's own
 * granularity). Once a second it prints `loop-lag <unix ms> [<ms>, ...]` on stderr: when that
 * second began and every tick's lateness in it, so a benchmark picks the seconds of its run and
 * computes exact percentiles.
 */
const INTERVAL_MS = 1;
const WINDOW_MS = 1000;
let last = performance.now();
let windowStart = last;
let lateness: number[] = [];

const timer = setInterval(() => {
  const now = performance.now();
  lateness.push(Math.round(Math.max(now - last - INTERVAL_MS, 0) * 1000) / 1000);
  last = now;
  if (now - windowStart < WINDOW_MS) return;
  const startedAt = Math.round(performance.timeOrigin + windowStart);
  process.stderr.write(`loop-lag ${startedAt} ${JSON.stringify(lateness)}\n`);
  lateness = [];
  windowStart = now;
}, INTERVAL_MS);
// The probe must never keep a process alive that would otherwise exit.
timer.unref();
