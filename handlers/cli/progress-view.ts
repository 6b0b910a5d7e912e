import cliProgress from "cli-progress";

/** What one poll of the group shows while it runs. */
export type ProgressSnapshot = {
  requests: number;
  errors: number;
  ratePerS: number;
  /** The agents' live median TTFT; undefined until a request has answered. */
  ttftP50Ms: number | undefined;
  elapsedS: number;
};

/** How far along a run is measured: requests out of a known total, or seconds of a duration. */
export type ProgressGoal = { requests: number } | { durationS: number };

export type ProgressView = { update(snapshot: ProgressSnapshot): void; stop(): void };

const ttftText = (ms: number | undefined) => (ms === undefined ? "—" : `${ms.toFixed(1)} ms`);

/** The plain line a non-terminal gets, e.g. `12/40 requests | 5.0 req/s | 0 errors | p50 TTFT 23.1 ms`. */
export function progressLine(goal: ProgressGoal, s: ProgressSnapshot): string {
  const done =
    "requests" in goal
      ? `${s.requests}/${goal.requests} requests`
      : `${s.elapsedS.toFixed(0)}/${goal.durationS}s, ${s.requests} requests`;
  return `${done} | ${s.ratePerS.toFixed(1)} req/s | ${s.errors} errors | p50 TTFT ${ttftText(s.ttftP50Ms)}`;
}

/**
 * The live view of a run: on a terminal a cli-progress bar (done/total requests, or elapsed of
 * the duration, with req/s, errors and the current p50 TTFT); elsewhere (a pipe, a CI log) one
 * plain line per second at most, so logs stay readable.
 */
export function createProgressView(
  goal: ProgressGoal,
  output: { terminal: NodeJS.WriteStream | null; line: (text: string) => void; now: () => number },
): ProgressView {
  if (output.terminal === null) {
    let lastAt = Number.NEGATIVE_INFINITY;
    let unprinted: ProgressSnapshot | null = null;
    return {
      update(snapshot) {
        unprinted = snapshot;
        if (output.now() - lastAt < 1000) return;
        lastAt = output.now();
        output.line(progressLine(goal, snapshot));
        unprinted = null;
      },
      stop() {
        // The final counts, unless they were the last line printed.
        if (unprinted !== null) output.line(progressLine(goal, unprinted));
      },
    };
  }
  const byRequests = "requests" in goal;
  const bar = new cliProgress.SingleBar(
    {
      stream: output.terminal,
      format: `{bar} {done} | {rate} req/s | {errors} errors | p50 TTFT {ttft}`,
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = byRequests ? goal.requests : goal.durationS;
  const payload = (s: ProgressSnapshot) => ({
    done: byRequests
      ? `${s.requests}/${total} requests`
      : `${s.elapsedS.toFixed(0)}/${total}s, ${s.requests} requests`,
    rate: s.ratePerS.toFixed(1),
    errors: s.errors,
    ttft: ttftText(s.ttftP50Ms),
  });
  let started = false;
  return {
    update(snapshot) {
      const value = Math.min(byRequests ? snapshot.requests : snapshot.elapsedS, total);
      if (!started) {
        bar.start(total, value, payload(snapshot));
        started = true;
      } else {
        bar.update(value, payload(snapshot));
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
