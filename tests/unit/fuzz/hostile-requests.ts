import fc from "fast-check";

/** One HTTP request a fuzz run sends. */
export type FuzzRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
};

/** Every operation an OpenAPI document lists, as `{method, path}` with `{param}` placeholders. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** Strings that have broken parsers, shells, SQL and JSON handling somewhere. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "-0",
  "NaN",
  "Infinity",
  "1e400",
  "-1",
  "0x10",
  "1e3",
  "9007199254740992",
  "9007199254740993",
  "99999999999999999999999",
  "١٢٣",
  "１２",
  "__proto__",
  "constructor",
  "prototype",
  "$(touch /tmp/aifc-fuzz)",
  "`id`",
  "a;b|c&&d",
  "'\"\\",
  "\n\r\t",
  "\u0000",
  "\ud800",
  "%00",
  "%E0%A4%A",
  "../../etc/passwd",
  "http://169.254.169.254/latest/meta-data/",
  "file:///etc/passwd",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "x".repeat(70_000),
];

/** Numbers at and past every edge a schema might have. */
export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e308,
];

/** Percent-encodes text; a lone surrogate, which has no UTF-8, becomes its raw bytes' escapes. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
};

/** Path ids: valid, edge and nonsense, some left unencoded on purpose. */
export const hostileId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("1", "2") },
  fc.constantFrom("0", "9007199254740991"),
  fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)).map(encode),
  fc.constantFrom("1e3", "0x10", "-1", "1.0", "+1", "%31", "%E0%A4%A", "%", "..", "1%2F2"),
  fc.nat().map(String),
  fc.string({ maxLength: 20, unit: "binary" }).map(encode),
);

const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[[]]], { __proto__: { polluted: 1 } }),
  fc.jsonValue({ maxDepth: 3 }),
);

const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", ""),
  fc.string({ maxLength: 12 }),
);

/** Replaces or adds one field somewhere in a valid body, so validation is probed in depth. */
function mutate(body: unknown, path: readonly string[], key: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const step of path) {
    const next = at[step];
    if (next === null || typeof next !== "object") break;
    at = next as Record<string, unknown>;
  }
  const keys = Object.keys(at);
  const target =
    keys.length > 0 && key.length % 2 === 0 ? (keys[key.length % keys.length] as string) : key;
  // defineProperty, so "__proto__" becomes a real key of the JSON, as a hostile client sends it.
  Object.defineProperty(at, target, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return copy;
}

/** Valid bodies with one field changed or added. */
export function mutatedBodies(valid: readonly unknown[]) {
  return fc
    .tuple(
      fc.constantFrom(...valid),
      fc.array(
        fc.constantFrom(
          "target",
          "workload",
          "load",
          "slo",
          "latency",
          "ttft",
          "requests",
          "update_preferences",
          "headers",
          "prompts",
        ),
        { maxLength: 3 },
      ),
      hostileKey,
      hostileValue,
    )
    .map(([body, path, key, value]) => JSON.stringify(mutate(body, path, key, value)));
}

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + (open === "[" ? "]" : "1}").repeat(depth));

const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 64 })
  .map((bytes) => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, ...bytes, 0xc3, 0x22, 0x7d]));

/** Bodies: raw JSON, mutated valid bodies, broken text, deep nesting, huge and invalid bytes. */
export function hostileBody(valid: readonly unknown[]) {
  return fc.oneof(
    { weight: 4, arbitrary: mutatedBodies(valid) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.constantFrom(...valid).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("{", "[1,", '{"a":1,}', "null", "-0", "1e400", '"x"', "{}"),
    },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: fc.constant(`{"pad":"${"x".repeat(1024 * 1024 + 1)}"}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export const hostileContentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  fc.constantFrom(
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/x-ndjson",
    "",
    undefined,
  ),
);

export const hostileQuery = fc.oneof(
  { weight: 4, arbitrary: fc.constant("") },
  fc.constantFrom(
    "?task_index=0&run_id=r1",
    "?task_index=-1",
    "?task_index=1e3&run_id=%00",
    "?a=1&a=2",
    "?__proto__[x]=1",
  ),
  fc.string({ maxLength: 20, unit: "binary" }).map((s) => `?${encode(s)}=${encode(s)}`),
);

/** The run's settings, from the environment so a failure can be replayed exactly. */
export function fuzzSettings(defaultRuns: number) {
  const seed = Number(process.env.AIFC_FUZZ_SEED) || Date.now() % 2 ** 31;
  const numRuns = Number(process.env.AIFC_FUZZ_RUNS) || defaultRuns;
  return { seed, numRuns };
}

/** Reads a response the way a client would, whatever it is. */
export async function readAnswer(response: Response) {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    text,
    json,
  };
}

/** A 4xx must be JSON `{"detail": "<sentence>"}`; nothing may be a 5xx. */
export function answerProblem(answer: Awaited<ReturnType<typeof readAnswer>>): string | null {
  if (answer.status >= 500) return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return null;
  const detail = (answer.json as { detail?: unknown } | undefined)?.detail;
  if (
    !answer.contentType.includes("application/json") ||
    typeof detail !== "string" ||
    detail === ""
  ) {
    return `a ${answer.status} without a JSON detail: ${answer.text.slice(0, 300)}`;
  }
  return null;
}
