/** A source of uniform numbers in [0, 1); passed in, so schedules are reproducible in tests. */
export type RandomSource = () => number;

/**
 * A seeded uniform generator (xoshiro128**, seeded through splitmix32): the same seed always
 * gives the same sequence, on every machine. Fast and well distributed, not cryptographic.
 *
 * @example
 * const random = seededRandom(42);
 * random(); // 0 ≤ x < 1, the same first value on every run
 */
export function seededRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller), for the gamma sampler. */
export function normalDraw(random: RandomSource): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A Gamma(shape, scale) draw by Marsaglia and Tsang's method (shape < 1 boosted by U^(1/shape)),
 * the distribution vLLM's serving benchmark draws its inter-arrival times from.
 */
export function gammaDraw(random: RandomSource, shape: number, scale: number): number {
  if (shape < 1) {
    const boost = (1 - random()) ** (1 / shape);
    return gammaDraw(random, shape + 1, scale) * boost;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}
