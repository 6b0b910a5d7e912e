import { afterEach, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { sampleReport, serviceWorld } from "../handlers/service/service-world.ts";
import {
  answerProblem,
  type FuzzRequest,
  fuzzSettings,
  hostileBody,
  hostileContentType,
  hostileId,
  hostileQuery,
  operationsOf,
  readAnswer,
} from "./hostile-requests.ts";

type World = ReturnType<typeof serviceWorld>;

const SECRET = "fuzz-secret-fuzz-secret-fuzz-secret-0";
const worlds: World[] = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.removeRecords();
});

/** Group 1 ready with one agent, group 2 submitted; every agent address answers "ok". */
async function fuzzWorld() {
  const world = serviceWorld({ secret: SECRET });
  worlds.push(world);
  world.agentAnswers.set("*", () => Response.json({ status: "started" }));
  const tokenA = await world.readyGroup(1, { num_clients: 2 });
  await world.call("POST", "/api/v1/client-group/2", { num_clients: 1 });
  return { world, tokens: [tokenA, world.tokenOf(1)] };
}

/** What users can see of the service's state: every group, its info and its observers. */
function snapshot(world: World) {
  return JSON.stringify(
    world.deps.groups.list().map((group) => ({
      group,
      info: world.deps.groups.info(group.benchmark_id),
      observers: world.deps.store.observers(group.benchmark_id),
    })),
  );
}

const report = sampleReport("r1");
/** Bodies each route accepts, which the fuzzer sends as they are or bent one field at a time. */
const VALID_BODIES: Record<string, unknown[]> = {
  "": [
    {
      num_clients: 2,
      nodes: 1,
      target: { model: "m", headers: { "x-a": "b" } },
      workload: { prompts: ["p"], max_tokens: 5 },
      load: { pattern: "poisson", rate: 5, duration_s: 1 },
      slo: { ttft_ms: 100 },
    },
    { num_clients: 1 },
  ],
  connect: [{ client_address: "http://10.0.0.7:9000", task_index: 0 }],
  observer: [{ ip_address: "10.0.0.9", port: 7000, update_preferences: { interval_ms: 500 } }],
  progress: [{ task_index: 0, run_id: "r1", completed: 1, failed: 0, rate_per_s: 2 }],
  run: [{ workload: { max_tokens: 7 }, load: { warmup_s: 1 } }, {}],
  results: [report, { ...report, task_index: 1 }],
};
const ALL_BODIES = Object.values(VALID_BODIES).flat();

/** The bodies that fit an operation's path (`.../connect` → connect bodies), else all of them. */
const validFor = (path: string) =>
  VALID_BODIES[/\{benchmark_id\}\/?(\w*)$/.exec(path)?.[1] ?? "-"] ?? ALL_BODIES;

async function send(world: World, request: FuzzRequest) {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined && request.method !== "GET") init.body = request.body;
  return readAnswer(await world.app.request(request.path, init));
}

describe("service fuzz: hostile requests to every documented route", () => {
  test("never a 5xx, every 4xx a JSON detail, and a refused request changes nothing", async () => {
    const probe = await fuzzWorld();
    const doc = (await probe.world.call("GET", "/openapi.json")).body;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(13);
    const request = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        id: hostileId,
        query: hostileQuery,
        body: hostileBody(validFor(operation.path)),
        contentType: hostileContentType,
        auth: fc.constantFrom("none", "garbage", "group1", "group2"),
      }),
    );

    const { seed, numRuns } = fuzzSettings(250);
    let sent = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), async (sequence) => {
          const { world, tokens } = await fuzzWorld();
          for (const r of sequence) {
            const headers: Record<string, string> = {};
            if (r.contentType !== undefined) headers["content-type"] = r.contentType;
            if (r.auth === "garbage") headers.authorization = "Bearer x.y.z";
            if (r.auth === "group1") headers.authorization = `Bearer ${tokens[0]}`;
            if (r.auth === "group2") headers.authorization = `Bearer ${tokens[1]}`;
            const path = r.operation.path.replace("{benchmark_id}", r.id) + r.query;
            const before = snapshot(world);
            const answer = await send(world, {
              method: r.operation.method,
              path,
              headers,
              body: r.body,
            });
            sent++;
            const problem = answerProblem(answer);
            if (problem) throw new Error(`${r.operation.method} ${path}: ${problem}`);
            if (answer.status >= 400 && snapshot(world) !== before) {
              throw new Error(
                `${r.operation.method} ${path} was refused (${answer.status}) but changed the state`,
              );
            }
          }
        }),
        { seed, numRuns },
      );
    } catch (error) {
      throw new Error(`service fuzz failed; replay with AIFC_FUZZ_SEED=${seed}\n${String(error)}`);
    }
    expect(sent).toBeGreaterThan(numRuns);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});
