import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../../../../core/clock.ts";
import { memoryLogger } from "../../../../core/log.ts";
import { LatencyDistribution } from "../../../../core/metrics/latency-distribution.ts";
import type { ObserverAllowList } from "../../../../core/observers/observer-allow-list.ts";
import type { LatencyDigest } from "../../../../core/schemas/results.ts";
import { createServiceApp } from "../../../../handlers/service/index.ts";
import { wireService } from "../../../../handlers/service/wire-service.ts";
import { FakeSlurm, type FakeSlurmOptions } from "../../../../slurm/fake.ts";

/** A call the service made to an agent, with the `Authorization` header it sent (or null). */
export type AgentCall = { url: string; body: unknown; authorization: string | null };

/**
 * A whole service in memory: SQLite `:memory:`, the fake Slurm, a hand-moved clock, and a fake
 * network for calls to agents (each address answers as `agentAnswers` says, `"*"` for any other;
 * unknown ones refuse).
 */
export function serviceWorld(
  options: {
    slurm?: FakeSlurmOptions;
    agentAuth?: boolean;
    apiToken?: string;
    /** The group-token signing secret; by default one is generated and kept in the store. */
    secret?: string;
    observerAllow?: ObserverAllowList;
    maxBodyBytes?: number;
  } = {},
) {
  const clock = manualClock();
  const slurm = new FakeSlurm(options.slurm);
  const { logger, lines } = memoryLogger();
  const agentCalls: AgentCall[] = [];
  const agentAnswers = new Map<
    string,
    (path: string, body: unknown) => Response | Promise<Response>
  >();
  const agentFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    const authorization = new Headers(init?.headers).get("authorization");
    agentCalls.push({ url: url.href, body, authorization });
    // "*" answers for every address no test named (the fuzz tests' agents accept anything).
    const answer = agentAnswers.get(url.origin) ?? agentAnswers.get("*");
    if (!answer) throw new TypeError(`Unable to connect. Is the computer able to access the url?`);
    return answer(url.pathname, body);
  }) as typeof fetch;
  // Made only when a test uploads records; `removeRecords` cleans it up.
  const recordsDir = join(tmpdir(), `aifc-records-${crypto.randomUUID()}`);
  const deps = wireService({
    recordsDir,
    db: new Database(":memory:"),
    slurm,
    clock,
    log: logger,
    fetch: agentFetch,
    apiToken: options.apiToken,
    secret: options.secret,
    observerAllow: options.observerAllow,
    maxBodyBytes: options.maxBodyBytes,
    settings: {
      serverAddr: "http://127.0.0.1:8000",
      serviceAddr: "http://127.0.0.1:8001",
      projectDir: "/srv/aifc",
      bunPath: "/usr/local/bin/bun",
      containerImage: null,
      agentAuth: options.agentAuth ?? true,
      queueAllowanceS: 3600,
      registrationDeadlineS: 120,
    },
  });
  const app = createServiceApp(deps);

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    const response = await app.request(path, init);
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
    return { status: response.status, body: json as any, text };
  };

  /** The token the service handed to a group's job, read back from the job's environment. */
  const tokenOf = (jobIndex = 0) => slurm.submitted[jobIndex]?.environment.AIFC_GROUP_TOKEN ?? "";
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Creates a group and registers `nodes` agents that accept every call. */
  async function readyGroup(id: number, body: Record<string, unknown> = { num_clients: 3 }) {
    const created = await call("POST", `/api/v1/client-group/${id}`, body);
    if (created.status !== 201) throw new Error(`create failed: ${created.text}`);
    const token = tokenOf(slurm.submitted.length - 1);
    const nodes = Number(body.nodes ?? 1);
    for (let task = 0; task < nodes; task++) {
      const address = `http://10.0.0.${task + 1}:9000`;
      agentAnswers.set(address, () => Response.json({ status: "started" }));
      const connected = await call(
        "POST",
        `/api/v1/client-group/${id}/connect`,
        { client_address: address, task_index: task },
        bearer(token),
      );
      if (connected.status !== 201) throw new Error(`connect failed: ${connected.text}`);
    }
    return token;
  }

  /** The run id the service sent to its agents with the last `run`. */
  const sentRunId = () => {
    const run = agentCalls.findLast((c) => c.url.endsWith("/run"));
    return (run?.body as { run_id?: string } | null)?.run_id ?? "";
  };

  return {
    app,
    deps,
    clock,
    slurm,
    lines,
    agentCalls,
    agentAnswers,
    call,
    tokenOf,
    bearer,
    readyGroup,
    sentRunId,
    recordsDir,
    removeRecords: () => rmSync(recordsDir, { recursive: true, force: true }),
  };
}

/** What an agent uploads for one metric: exact count/sum/min/max and the encoded histogram. */
export function digestOf(values: readonly number[]): LatencyDigest | null {
  const distribution = LatencyDistribution.empty();
  for (const value of values) distribution.record(value);
  return distribution.toDigest();
}

/** A report as an agent would upload it, with small known latencies. */
export function sampleReport(
  runId: string,
  taskIndex = 0,
  overrides: Record<string, unknown> = {},
  samples: { ttft: number[]; tpot: number[]; itl: number[]; e2e: number[] } = {
    ttft: [10, 20, 30, 40],
    tpot: [5, 5, 5, 5],
    itl: [5, 5, 5],
    e2e: [500, 510, 520, 530],
  },
) {
  return {
    task_index: taskIndex,
    run_id: runId,
    started_at: 1_700_000_000,
    finished_at: 1_700_000_010,
    requests: { completed: 4, failed: 1, warmup: 0 },
    errors: { http_5xx: 1 },
    tokens: { input: 40, output: 400, source: "usage" },
    good_requests: 4,
    latency: {
      ttft: digestOf(samples.ttft),
      tpot: digestOf(samples.tpot),
      itl: digestOf(samples.itl),
      e2e: digestOf(samples.e2e),
    },
    ...overrides,
  };
}
