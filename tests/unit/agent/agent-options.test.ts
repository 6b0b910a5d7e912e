import { describe, expect, test } from "bun:test";
import {
  agentOptionsFrom,
  fetchLimitWarning,
  stopBeforeLimitMs,
} from "../../../core/agent/agent-options.ts";
import { ALLOW_ANY_OBSERVER } from "../../../core/observers/observer-allow-list.ts";

const argv = ["10", "http://ai:8000", "http://head:8001", "42"];

describe("agentOptionsFrom", () => {
  test("the original positional form and the job environment", () => {
    const result = agentOptionsFrom(argv, {
      AIFC_GROUP_TOKEN: "jwt",
      SLURM_PROCID: "1",
      SLURM_NTASKS: "3",
      AIFC_TIME_LIMIT_S: "300",
    });
    expect(result).toEqual({
      ok: true,
      options: {
        groupClients: 10,
        clients: 3,
        serverAddr: "http://ai:8000",
        serviceAddr: "http://head:8001",
        benchmarkId: 42,
        taskIndex: 1,
        numTasks: 3,
        token: "jwt",
        timeLimitS: 300,
        agentHost: null,
        verbose: false,
        observerAllow: ALLOW_ANY_OBSERVER,
      },
    });
  });

  test("the first task takes the remainder of the clients", () => {
    const result = agentOptionsFrom(argv, { AIFC_TASK_INDEX: "0", AIFC_NUM_TASKS: "3" });
    expect(result.ok && result.options.clients).toBe(4);
  });

  test("addresses without a scheme get http://", () => {
    const result = agentOptionsFrom(["1", "ai:8000", "head:8001", "7"], {});
    expect(result.ok && [result.options.serverAddr, result.options.serviceAddr]).toEqual([
      "http://ai:8000",
      "http://head:8001",
    ]);
  });

  test("a missing or bad argument is a sentence naming it and the usage", () => {
    const missing = agentOptionsFrom(["10", "http://ai:8000"], {});
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.detail).toContain("client_service_addr");
      expect(missing.detail).toContain("usage: bun run agent");
    }
    const bad = agentOptionsFrom(["ten", "http://ai", "http://head", "1"], {});
    expect(!bad.ok && bad.detail).toContain("num_clients");
  });

  test("a task index beyond the number of tasks is refused", () => {
    const result = agentOptionsFrom(argv, { AIFC_TASK_INDEX: "3", AIFC_NUM_TASKS: "3" });
    expect(result.ok).toBe(false);
  });
});

describe("limits", () => {
  test("the agent stops 10 s before the time limit, or half-way for short limits", () => {
    expect(stopBeforeLimitMs(300)).toBe(290_000);
    expect(stopBeforeLimitMs(10)).toBe(5000);
  });

  test("more clients than Bun's fetch allows is warned about, unless the limit was raised", () => {
    expect(fetchLimitWarning(100, {})).toBeNull();
    expect(fetchLimitWarning(1000, {})).toContain("BUN_CONFIG_MAX_HTTP_REQUESTS=1064");
    expect(fetchLimitWarning(1000, { BUN_CONFIG_MAX_HTTP_REQUESTS: "2000" })).toBeNull();
  });
});
