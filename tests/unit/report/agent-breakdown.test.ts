import { describe, expect, test } from "bun:test";
import { agentBreakdown } from "../../../core/report/agent-breakdown.ts";
import type { GroupResults, RequestRecordLine } from "../../../core/schemas/results.ts";
import { fixtureGroup, fixtureRunReport } from "./report-fixtures.ts";

const line = (task_index: number, ok: boolean, warmup = false): RequestRecordLine => ({
  task_index,
  intended_at: 0,
  sent_at: 0,
  schedule_lag_ms: 0,
  ok,
  status: ok ? 200 : 503,
  error: ok ? null : "http_5xx",
  ttft_ms: ok ? 1 : null,
  e2e_ms: 2,
  itl_count: 0,
  output_tokens: 1,
  input_tokens: 1,
  tokens_source: "counted",
  warmup,
});

describe("per-agent breakdown", () => {
  const { results } = fixtureRunReport({ records: false });
  const twoAgents = { ...fixtureGroup(), agents: fixtureGroup().agents.slice(0, 2) };
  const resultsOf = (agents: GroupResults["agents"]): GroupResults => ({ ...results, agents });

  test("joins the group's agents, the results' counts and the measured records by task", () => {
    const rows = agentBreakdown(
      twoAgents,
      resultsOf([
        { agent_id: "agent-1", address: "http://node1:41001", requests: 7, errors: 2 },
        { agent_id: "agent-0", address: "http://node1:41000", requests: 5, errors: 1 },
      ]),
      [line(0, true), line(0, false), line(0, true, true), line(1, true)],
    );
    expect(rows).toEqual([
      {
        task_index: 0,
        agent_id: "agent-0",
        address: "http://node1:41000",
        clients: 16,
        state: "done",
        requests: 5,
        errors: 1,
        records_ok: 1,
        records_failed: 1,
      },
      {
        task_index: 1,
        agent_id: "agent-1",
        address: "http://node1:41001",
        clients: 16,
        state: "done",
        requests: 7,
        errors: 2,
        records_ok: 1,
        records_failed: 0,
      },
    ]);
  });

  test("without records the record columns are null; an agent missing from the results shows its progress", () => {
    const group = {
      ...twoAgents,
      agents: twoAgents.agents.map((a) => ({ ...a, requests: 3, errors: 1 })),
    };
    const rows = agentBreakdown(group, resultsOf([]), null);
    expect(rows.map((r) => [r.task_index, r.requests, r.errors, r.records_ok])).toEqual([
      [0, 3, 1, null],
      [1, 3, 1, null],
    ]);
  });

  test("records of an unknown task and results of an unknown agent still get a row", () => {
    const rows = agentBreakdown(
      { ...twoAgents, agents: [] },
      resultsOf([{ agent_id: "ghost", address: "http://x:1", requests: 4, errors: 0 }]),
      [line(3, false), line(3, true)],
    );
    expect(rows.map((r) => [r.task_index, r.agent_id, r.requests, r.errors])).toEqual([
      [3, null, 2, 1],
      [null, "ghost", 4, 0],
    ]);
  });
});
