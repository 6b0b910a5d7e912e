/**
 * Which mergeable histogram to keep: HdrHistogram (hdr-histogram-js) or DDSketch
 * (@datadog/sketches-js). Measures relative error at p50/p99/p99.9 on latency-like data
 * (lognormal milliseconds, clamped to 0.01 ms … 60 s), the time to record 1M values, to merge
 * 100 sketches, and the size of one encoded sketch. A benchmark, not a test: it prints numbers.
 *
 *   ./node_modules/.bin/bun tests/perf/histogram-choice.ts
 */
import { DDSketch } from "@datadog/sketches-js";
import * as hdr from "hdr-histogram-js";
import { normalDraw, seededRandom } from "../../core/loadgen/seeded-random.ts";
import { LatencyDistribution } from "../../core/metrics/latency-distribution.ts";
import { percentile } from "../../core/metrics/latency-stats.ts";

const N = 1_000_000;
const PARTS = 100;
const PER_PART = 10_000;
const QUANTILES = [50, 99, 99.9];
/** p1, p1.1, … p99.9: the worst error over the whole body and tail. */
const SWEEP = Array.from({ length: 990 }, (_, i) => 1 + i * 0.1);

function latencyLikeMs(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const values = new Float64Array(n);
  // Median 100 ms, σ = 2 (in ln): 0.01 ms sits at −4.6σ and 60 s at +3.2σ.
  for (let i = 0; i < n; i += 1) {
    const v = Math.exp(Math.log(100) + 2 * normalDraw(random));
    values[i] = Math.min(60_000, Math.max(0.01, v));
  }
  return values;
}

type Candidate = {
  name: string;
  make(): unknown;
  record(sketch: unknown, ms: number): void;
  quantileMs(sketch: unknown, p: number): number;
  merge(into: unknown, from: unknown): void;
  encode(sketch: unknown): string;
  decode(text: string): unknown;
};

const hdrBuild = (useWebAssembly: boolean) => () =>
  hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
    useWebAssembly,
  });

function hdrCandidate(useWebAssembly: boolean): Candidate {
  return {
    name: useWebAssembly ? "hdr-histogram-js (wasm)" : "hdr-histogram-js (js), 3 digits, 1 µs",
    make: hdrBuild(useWebAssembly),
    record: (h, ms) => (h as hdr.Histogram).recordValue(Math.round(ms * 1000)),
    quantileMs: (h, p) => (h as hdr.Histogram).getValueAtPercentile(p) / 1000,
    merge: (into, from) => (into as hdr.Histogram).add(from as hdr.Histogram),
    encode: (h) => hdr.encodeIntoCompressedBase64(h as hdr.Histogram),
    decode: (text) => hdr.decodeFromCompressedBase64(text, 64, useWebAssembly),
  };
}

/** Ours: the pure-JS HdrHistogram behind `LatencyDistribution` (bucket midpoints, numpy ranks). */
const ours: Candidate = {
  name: "ours: LatencyDistribution (hdr js, midpoints, numpy ranks)",
  make: () => LatencyDistribution.empty(),
  record: (d, ms) => (d as LatencyDistribution).record(ms),
  quantileMs: (d, p) => (d as LatencyDistribution).percentiles([p])[0] as number,
  merge: (into, from) => (into as LatencyDistribution).merge(from as LatencyDistribution),
  encode: (d) => JSON.stringify((d as LatencyDistribution).toDigest()),
  decode: (text) => LatencyDistribution.fromDigest(JSON.parse(text)),
};

function ddCandidate(relativeAccuracy: number): Candidate {
  return {
    name: `@datadog/sketches-js, relativeAccuracy ${relativeAccuracy}`,
    make: () => new DDSketch({ relativeAccuracy }),
    record: (s, ms) => (s as DDSketch).accept(ms),
    quantileMs: (s, p) => (s as DDSketch).getValueAtQuantile(p / 100),
    merge: (into, from) => (into as DDSketch).merge(from as DDSketch),
    encode: (s) => Buffer.from((s as DDSketch).toProto()).toString("base64"),
    decode: (text) => DDSketch.fromProto(Buffer.from(text, "base64")),
  };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

/** Best of three, after one warm-up run (the JIT is not what we compare). */
function bestOf<T>(run: () => T): { ms: number; value: T } {
  run();
  let best = timed(run);
  for (let i = 0; i < 2; i += 1) {
    const next = timed(run);
    if (next.ms < best.ms) best = next;
  }
  return best;
}

function measure(
  candidate: Candidate,
  values: Float64Array,
  sorted: number[],
  parts: Float64Array[],
) {
  const recorded = bestOf(() => {
    const sketch = candidate.make();
    for (const v of values) candidate.record(sketch, v);
    return sketch;
  });
  const relativeError = (q: number) => {
    const exact = percentile(sorted, q);
    return Math.abs(candidate.quantileMs(recorded.value, q) - exact) / exact;
  };
  const errors = QUANTILES.map(relativeError);
  const worst = Math.max(...SWEEP.map(relativeError));
  const sketches = parts.map((part) => {
    const sketch = candidate.make();
    for (const v of part) candidate.record(sketch, v);
    return sketch;
  });
  const merged = bestOf(() => {
    const into = candidate.make();
    for (const sketch of sketches) candidate.merge(into, sketch);
    return into;
  });
  const encoded = candidate.encode(recorded.value);
  const encodedPart = candidate.encode(sketches[0]);
  const decoded = bestOf(() => candidate.decode(encoded));
  return {
    name: candidate.name,
    errors,
    worst,
    recordMs: recorded.ms,
    mergeMs: merged.ms,
    encodedChars: encoded.length,
    encodedPartChars: encodedPart.length,
    decodeMs: decoded.ms,
  };
}

const values = latencyLikeMs(N, 1);
const sorted = Array.from(values).sort((a, b) => a - b);
const parts = Array.from({ length: PARTS }, (_, i) => latencyLikeMs(PER_PART, 100 + i));

const candidates: Candidate[] = [hdrCandidate(false), ours, ddCandidate(0.01), ddCandidate(0.001)];
let wasmNote = "";
try {
  hdr.initWebAssemblySync();
  candidates.splice(1, 0, hdrCandidate(true));
} catch (error) {
  wasmNote = `hdr wasm build unavailable under Bun: ${error}`;
}

console.log(`bun ${Bun.version}, ${N.toLocaleString("en")} lognormal values (ms, 0.01 … 60 000)`);
console.log(
  "| library | rel. err p50 | p99 | p99.9 | worst p1…p99.9 | record 1M | merge 100×10k | encoded 1M (chars) | encoded 10k | decode 1M |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const candidate of candidates) {
  const r = measure(candidate, values, sorted, parts);
  const pct = (x: number) => `${(x * 100).toFixed(4)} %`;
  console.log(
    `| ${r.name} | ${r.errors.map(pct).join(" | ")} | ${pct(r.worst)} | ${r.recordMs.toFixed(1)} ms | ${r.mergeMs.toFixed(1)} ms | ${r.encodedChars} | ${r.encodedPartChars} | ${r.decodeMs.toFixed(2)} ms |`,
  );
}
if (wasmNote) console.log(wasmNote);
