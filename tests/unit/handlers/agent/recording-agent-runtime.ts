import type { AgentRuntime } from "../../../../core/agent/agent-runtime.ts";
import { conflict } from "../../../../core/errors.ts";

/**
 * An agent runtime that only records what the routes asked of it: enough to call the agent's
 * HTTP app without starting any load. One run at a time, as the real one.
 */
export function recordingAgentRuntime() {
  const calls: string[] = [];
  let runId: string | null = null;
  const runtime: AgentRuntime = {
    status: () => ({
      benchmark_id: 1,
      task_index: 0,
      num_clients: 2,
      server_addr: "http://ai:8000",
      client_service_addr: "http://head:8001",
      local_address: "http://127.0.0.1:3",
      created_at: 1_700_000_000,
      phase: runId === null ? "idle" : "running",
      run_id: runId,
      requests: { completed: 0, failed: 0 },
      observers: calls.filter((c) => c.startsWith("observer")).length,
      observer_updates: { sent: 0, failed: 0, dropped: 0 },
    }),
    startRun(request) {
      if (runId !== null) throw conflict(`A run is already in progress (run_id ${runId})`);
      runId = request.run_id;
      calls.push(`run ${request.run_id}`);
      return { status: "started", run_id: request.run_id, num_clients: 2 };
    },
    addObserver: (o) => calls.push(`observer ${o.ip_address}:${o.port} every ${o.interval_ms}`),
    stop: (reason) => calls.push(`stop ${reason}`),
    finished: new Promise(() => undefined),
    lastReport: () => null,
    metricsText: () => "aifc_agent_requests_in_flight 0\n",
  };
  return { runtime, calls };
}
