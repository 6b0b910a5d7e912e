import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseObserverAllowList } from "../../../core/observers/observer-allow-list.ts";
import { createAgentApp } from "../../../handlers/agent/index.ts";
import { recordingAgentRuntime } from "../handlers/agent/recording-agent-runtime.ts";
import {
  answerProblem,
  fuzzSettings,
  hostileBody,
  hostileContentType,
  hostileQuery,
  operationsOf,
  readAnswer,
} from "./hostile-requests.ts";

const allow = parseObserverAllowList("10.0.0.0/8,monitor.lan");
if (!allow.ok) throw new Error(allow.detail);

/** Bodies the agent's routes accept, which the fuzzer sends as they are or bends. */
const VALID_BODIES: Record<string, unknown[]> = {
  "/run": [
    { run_id: "r1", base_url: "http://ai:8000", spec: {} },
    {
      run_id: "r2",
      base_url: "http://ai:8000",
      spec: { workload: { prompts: ["p"] }, load: { pattern: "constant", rate: 3 } },
    },
  ],
  "/observer": [
    { ip_address: "10.0.0.9", port: 9000 },
    { ip_address: "monitor.lan", port: 1, update_preferences: { interval_ms: 100 } },
  ],
};
const ALL_BODIES = Object.values(VALID_BODIES).flat();

describe("agent fuzz: hostile requests to every documented route", () => {
  test("never a 5xx, every 4xx a JSON detail, and a refused request reaches nothing", async () => {
    const probe = createAgentApp(recordingAgentRuntime());
    const doc = (await (await probe.request("/openapi.json")).json()) as Parameters<
      typeof operationsOf
    >[0];
    const operations = operationsOf(doc);
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      expect.arrayContaining(["GET /status", "POST /observer", "POST /run", "POST /stop"]),
    );
    const request = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        query: hostileQuery,
        body: hostileBody(VALID_BODIES[operation.path] ?? ALL_BODIES),
        contentType: hostileContentType,
      }),
    );

    const { seed, numRuns } = fuzzSettings(300);
    let sent = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 10 }), async (sequence) => {
          const { runtime, calls } = recordingAgentRuntime();
          const app = createAgentApp({ runtime, observerAllow: allow.list });
          for (const r of sequence) {
            const init: RequestInit = { method: r.operation.method, headers: {} };
            if (r.contentType !== undefined) init.headers = { "content-type": r.contentType };
            if (r.body !== undefined && r.operation.method !== "GET") init.body = r.body;
            const before = calls.length;
            const answer = await readAnswer(await app.request(r.operation.path + r.query, init));
            sent++;
            const problem = answerProblem(answer);
            if (problem) throw new Error(`${r.operation.method} ${r.operation.path}: ${problem}`);
            if (answer.status >= 400 && calls.length !== before) {
              throw new Error(
                `${r.operation.path} was refused (${answer.status}) but reached the runtime`,
              );
            }
            for (const call of calls.slice(before).filter((c) => c.startsWith("observer"))) {
              if (!/^observer (10\.\d+\.\d+\.\d+|monitor\.lan):/.test(call)) {
                throw new Error(`an observer outside the allow-list was kept: ${call}`);
              }
            }
          }
        }),
        { seed, numRuns },
      );
    } catch (error) {
      throw new Error(`agent fuzz failed; replay with AIFC_FUZZ_SEED=${seed}\n${String(error)}`);
    }
    expect(sent).toBeGreaterThan(numRuns);
  }, 60_000);
});
