import { gammaDraw, type RandomSource } from "./seeded-random.ts";

export type ArrivalPattern = "constant" | "poisson" | "gamma";

export type ArrivalOptions = {
  pattern: ArrivalPattern;
  /** Requests per second once the ramp-up is over. */
  ratePerS: number;
  /** Gamma shape: 1 is Poisson, below 1 burstier, above 1 more regular (vLLM's `--burstiness`). */
  burstiness: number;
  /** The rate climbs linearly from 0 to `ratePerS` over this many milliseconds. */
  rampUpMs: number;
};

/**
 * One gap between arrivals at the full rate, in milliseconds, with mean `1000 / ratePerS`:
 * `constant` is exactly that, `poisson` is exponential, `gamma` is Gamma(k = burstiness,
 * θ = mean / k), whose coefficient of variation is 1/√k.
 */
export function interArrivalGapMs(options: ArrivalOptions, random: RandomSource): number {
  const meanMs = 1000 / options.ratePerS;
  if (options.pattern === "constant") return meanMs;
  if (options.pattern === "poisson") return -Math.log(1 - random()) * meanMs;
  return gammaDraw(random, options.burstiness, meanMs / options.burstiness);
}

/**
 * Maps a time on the full-rate clock to the wall clock of a run whose rate ramps linearly from
 * 0 to full over `rampUpMs`. The full-rate clock counts expected arrivals × mean gap, so
 * Λ(t) = t²/2T during the ramp and t − T/2 after it; this is Λ⁻¹. For Poisson arrivals the
 * result is exactly a Poisson process with the ramped rate (the time-change theorem).
 */
export function rampedTimeMs(fullRateMs: number, rampUpMs: number): number {
  if (rampUpMs <= 0) return fullRateMs;
  if (fullRateMs <= rampUpMs / 2) return Math.sqrt(2 * rampUpMs * fullRateMs);
  return fullRateMs + rampUpMs / 2;
}

/**
 * The intended send times of an open-loop run, in milliseconds since its start, in order and
 * without end (the caller stops at its duration or request budget). As vLLM's benchmark, the
 * first request goes at 0 and each later one one gap after the previous. A pure function of
 * `options` and `random`: the same seed gives the same schedule.
 *
 * @example
 * const times = arrivalSchedule({ pattern: "constant", ratePerS: 4, burstiness: 1, rampUpMs: 0 }, Math.random);
 * times.next().value; // 0, then 250, 500, ...
 */
export function* arrivalSchedule(
  options: ArrivalOptions,
  random: RandomSource,
): Generator<number, never, void> {
  let fullRateMs = 0;
  for (;;) {
    yield rampedTimeMs(fullRateMs, options.rampUpMs);
    fullRateMs += interArrivalGapMs(options, random);
  }
}
