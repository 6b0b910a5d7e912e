/** One sample of a Prometheus text exposition. */
export type Sample = { name: string; labels: Record<string, string>; value: number };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Parses the Prometheus text format 0.0.4 strictly enough for tests: every line is a HELP, a
 * TYPE or a sample; every sample belongs to a family whose TYPE came first (histograms own their
 * `_bucket`, `_sum` and `_count`). Throws naming the first line that is not.
 */
export function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split("\n")) {
    const comment = /^# (HELP|TYPE) (\S+) (.+)$/.exec(line);
    if (comment) {
      if (comment[1] === "TYPE") types.set(comment[2] as string, comment[3] as string);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus line: ${line}`);
    const name = match[1] as string;
    const family = name.replace(/_(bucket|sum|count)$/, "");
    if (!types.has(name) && types.get(family) !== "histogram") {
      throw new Error(`sample before its TYPE: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL))
      labels[key as string] = value as string;
    const value = match[3] === "+Inf" ? Number.POSITIVE_INFINITY : Number(match[3]);
    if (Number.isNaN(value)) throw new Error(`not a number: ${line}`);
    samples.push({ name, labels, value });
  }
  return { samples, types };
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length !== 1)
    throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return (found[0] as Sample).value;
}
