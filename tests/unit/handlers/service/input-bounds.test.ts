import { afterEach, describe, expect, test } from "bun:test";
import { sampleReport, serviceWorld } from "./service-world.ts";

const worlds: Array<ReturnType<typeof serviceWorld>> = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.removeRecords();
});

/** `base` with `value` put at the dotted `path` (objects made on the way). */
function withField(base: Record<string, unknown>, path: string, value: unknown) {
  const copy = structuredClone(base);
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    at[key] = (at[key] as Record<string, unknown> | undefined) ?? {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1) as string] = value;
  return copy;
}

const headers = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, "v"]));
const open = { pattern: "constant", rate: 10 };

/** One value just past each bound of a group spec, and the field the 422 must name. */
const SPEC_BOUNDS: Array<[string, unknown, Record<string, unknown>?]> = [
  ["num_clients", 100_001],
  ["nodes", 1025],
  ["time_limit", 7 * 24 * 60 + 1],
  ["target.base_url", `http://ai.example/${"x".repeat(2048)}`],
  ["target.base_url", "file:///etc/passwd"],
  ["target.base_url", "javascript:alert(1)"],
  ["target.model", "m".repeat(257)],
  ["target.model", ""],
  ["target.service_id", "s".repeat(129)],
  ["target.headers", headers(65)],
  ["target.headers", { ["k".repeat(257)]: "v" }],
  ["target.headers", { "x-a": "v".repeat(4097) }],
  ["target.headers", { "bad name": "v" }],
  ["target.headers", { "x-a": "v\r\nInjected: 1" }],
  ["target.headers", { "x-a": "€" }],
  ["workload.prompts", Array.from({ length: 10_001 }, () => "p")],
  ["workload.prompts", ["p".repeat(200_001)]],
  ["workload.prompts", []],
  ["workload.prompts", [""]],
  ["workload.max_tokens", 131_073],
  ["workload.temperature", 2.01],
  ["load.rate", 1_000_001, { load: open }],
  ["load.burstiness", 1001],
  ["load.duration_s", 7 * 24 * 3600 + 1],
  ["load.requests", 100_000_001],
  ["load.warmup_s", 86_401],
  ["load.ramp_up_s", 86_401],
  ["load.timeout_s", 86_401],
  ["load.max_in_flight", 1_000_001],
  ["load.seed", 2 ** 32],
  ["slo.ttft_ms", 86_400_001],
  ["slo.tpot_ms", 86_400_001],
  ["slo.e2e_ms", 86_400_001],
  ["slo.e2e_ms", 0],
];

/** An unknown field at each level of nesting of each body. */
const UNKNOWN: Array<[string, string]> = [
  ["", "nodess"],
  ["target", "base"],
  ["workload", "prompt"],
  ["load", "rps"],
  ["slo", "ttft"],
];

describe("every field of a group spec is bounded", () => {
  for (const [field, value, base] of SPEC_BOUNDS) {
    const shown = JSON.stringify(value)?.slice(0, 40);
    test(`${field} = ${shown} is 422 naming ${field}, and nothing is submitted`, async () => {
      const world = serviceWorld();
      const body = withField({ num_clients: 1, ...base }, field, value);
      const res = await world.call("POST", "/api/v1/client-group/1", body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(field);
      expect(world.slurm.submitted).toHaveLength(0);
    });
  }

  test("the largest values the bounds allow are accepted", async () => {
    const world = serviceWorld();
    const res = await world.call("POST", "/api/v1/client-group/9007199254740991", {
      num_clients: 100_000,
      nodes: 1024,
      time_limit: 7 * 24 * 60,
      target: { model: "m".repeat(256), headers: headers(64) },
      workload: { prompts: ["p".repeat(200_000)], max_tokens: 131_072, temperature: 2 },
      load: { pattern: "gamma", rate: 1_000_000, burstiness: 1000, seed: 2 ** 32 - 1 },
      slo: { ttft_ms: 86_400_000 },
    });
    expect(res.status).toBe(201);
    expect(res.body.benchmark_id).toBe(Number.MAX_SAFE_INTEGER);
  });

  test("ids past 2^53-1, negative, fractional or written otherwise are 422", async () => {
    const world = serviceWorld();
    for (const id of ["9007199254740992", "-1", "1.0", "1e3", "0x10", "١٢", "+1", " 1"]) {
      const res = await world.call("POST", `/api/v1/client-group/${encodeURIComponent(id)}`, {
        num_clients: 1,
      });
      expect({ id, status: res.status }).toEqual({ id, status: 422 });
      expect(res.body.detail).toContain("benchmark_id");
    }
    expect(world.slurm.submitted).toHaveLength(0);
  });
});

describe("unknown fields are refused with 422 naming them, at every level", () => {
  for (const [where, key] of UNKNOWN) {
    test(`group spec ${where || "top level"}: ${key}`, async () => {
      const world = serviceWorld();
      const body = withField({ num_clients: 1 }, where ? `${where}.${key}` : key, 1);
      const res = await world.call("POST", "/api/v1/client-group/1", body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(key);
      if (where) expect(res.body.detail).toContain(where);
      expect(world.slurm.submitted).toHaveLength(0);
    });

    test(`run overrides ${where || "top level"}: ${key}`, async () => {
      const world = serviceWorld();
      await world.readyGroup(1, { num_clients: 1 });
      const body = where ? { [where]: { [key]: 1 } } : { [key]: 1 };
      const res = await world.call("POST", "/api/v1/client-group/1/run", body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(key);
      expect(world.agentCalls.filter((c) => c.url.endsWith("/run"))).toHaveLength(0);
    });
  }

  test("prototype keys are unknown fields too", async () => {
    const world = serviceWorld();
    for (const raw of [
      '{"num_clients":1,"__proto__":{"num_clients":5}}',
      '{"num_clients":1,"constructor":{"prototype":{"polluted":1}}}',
      '{"num_clients":1,"target":{"__proto__":{"model":"x"}}}',
    ]) {
      const res = await world.call("POST", "/api/v1/client-group/1", raw);
      expect(res.status).toBe(422);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(world.slurm.submitted).toHaveLength(0);
  });

  test("observer, connect, progress and results bodies", async () => {
    const world = serviceWorld();
    worlds.push(world);
    const token = world.bearer(await world.readyGroup(1, { num_clients: 1 }));
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    const report = sampleReport(runId);
    const cases: Array<[string, unknown, string]> = [
      ["observer", { ip_address: "10.0.0.9", port: 1, extra: 1 }, "extra"],
      [
        "observer",
        { ip_address: "10.0.0.9", port: 1, update_preferences: { interval_ms: 500, x: 1 } },
        "update_preferences",
      ],
      ["connect", { client_address: "http://10.0.0.1:9000", extra: 1 }, "extra"],
      ["progress", { task_index: 0, run_id: runId, completed: 1, failed: 0, x: 1 }, "x"],
      ["results", { ...report, extra: 1 }, "extra"],
      ["results", { ...report, requests: { ...report.requests, x: 1 } }, "requests"],
      ["results", { ...report, tokens: { ...report.tokens, x: 1 } }, "tokens"],
      ["results", { ...report, latency: { ...report.latency, p42: null } }, "latency"],
      [
        "results",
        { ...report, latency: { ...report.latency, ttft: { ...report.latency.ttft, x: 1 } } },
        "latency.ttft",
      ],
    ];
    for (const [path, body, field] of cases) {
      const res = await world.call("POST", `/api/v1/client-group/1/${path}`, body, token);
      expect({ path, field, status: res.status }).toEqual({ path, field, status: 422 });
      expect(res.body.detail).toContain(field);
    }
    expect(world.deps.store.reports(1, runId)).toEqual([]);
    expect(world.deps.store.observers(1)).toEqual([]);
  });
});

describe("every field of the other bodies is bounded", () => {
  test("observer, progress and results values past their bounds are 422 naming the field", async () => {
    const world = serviceWorld();
    worlds.push(world);
    const token = world.bearer(await world.readyGroup(1, { num_clients: 1 }));
    await world.call("POST", "/api/v1/client-group/1/run");
    const runId = world.sentRunId();
    const progress = { task_index: 0, run_id: runId, completed: 1, failed: 0 };
    const report = sampleReport(runId);
    const cases: Array<[string, unknown, string]> = [
      ["observer", { ip_address: "a".repeat(254), port: 1 }, "ip_address"],
      ["observer", { ip_address: "10.0.0.9", port: 65_536 }, "port"],
      [
        "observer",
        { ip_address: "10.0.0.9", port: 1, update_preferences: { interval_ms: 3_600_001 } },
        "update_preferences.interval_ms",
      ],
      ["connect", { client_address: `http://a/${"x".repeat(512)}` }, "client_address"],
      ["connect", { client_address: "http://a:1", task_index: 1024 }, "task_index"],
      ["progress", { ...progress, run_id: "r".repeat(65) }, "run_id"],
      ["progress", { ...progress, completed: 2 ** 53 }, "completed"],
      ["progress", { ...progress, rate_per_s: 1e9 }, "rate_per_s"],
      ["results", { ...report, run_id: "r".repeat(65) }, "run_id"],
      ["results", { ...report, reason: "r".repeat(2001) }, "reason"],
      ["results", { ...report, started_at: 1e12 }, "started_at"],
      ["results", { ...report, errors: headers(65) }, "errors"],
      ["results", { ...report, errors: { ["e".repeat(65)]: 1 } }, "errors"],
      [
        "results",
        {
          ...report,
          latency: { ...report.latency, e2e: { ...report.latency.e2e, histogram: "" } },
        },
        "latency.e2e.histogram",
      ],
    ];
    for (const [path, body, field] of cases) {
      const res = await world.call("POST", `/api/v1/client-group/1/${path}`, body, token);
      expect({ path, field, status: res.status }).toEqual({ path, field, status: 422 });
      expect(res.body.detail).toContain(field);
    }
  });

  test("run overrides are held to the same bounds as the spec", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 1 });
    for (const [field, value] of SPEC_BOUNDS.filter(([f]) => f.includes("."))) {
      const [group = "", key = ""] = field.split(".");
      const res = await world.call("POST", "/api/v1/client-group/1/run", {
        [group]: { [key]: value },
      });
      expect({ field, status: res.status }).toEqual({ field, status: 422 });
      expect(res.body.detail).toContain(field);
    }
    expect(world.agentCalls.filter((c) => c.url.endsWith("/run"))).toHaveLength(0);
  });
});
