import { AgentReport } from "../../../core/schemas/results.ts";

/** A valid report of a run that measured nothing, for tests that only move reports around. */
export const emptyReport = (runId: string, taskIndex = 0) =>
  AgentReport.parse({
    task_index: taskIndex,
    run_id: runId,
    started_at: 1_700_000_000,
    finished_at: 1_700_000_001,
    requests: { completed: 0, failed: 0, warmup: 0 },
    errors: {},
    tokens: { input: 0, output: 0, source: "usage" },
    good_requests: 0,
    latency: { ttft: null, tpot: null, itl: null, e2e: null },
  });
