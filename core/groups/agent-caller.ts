import type { AgentRunRequest } from "../schemas/agent.ts";
import type { StoredObserver } from "./group-store.ts";

/** What happened when the service called one agent: its HTTP status, or why it could not. */
export type AgentCallResult = {
  agent_id: string;
  address: string;
  ok: boolean;
  status: number | null;
  detail: string;
};

export type AgentCaller = {
  run(agentId: string, address: string, request: AgentRunRequest): Promise<AgentCallResult>;
  addObserver(agentId: string, address: string, observer: StoredObserver): Promise<AgentCallResult>;
};

/** Calls agents over HTTP with a bounded wait, so one dead node cannot hang a user's request. */
export function createAgentCaller(fetchFn: typeof fetch, timeoutMs = 10_000): AgentCaller {
  async function post(agentId: string, address: string, path: string, body: unknown) {
    try {
      const response = await fetchFn(new URL(path, address), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let detail = text;
      try {
        const parsed = JSON.parse(text);
        detail = typeof parsed?.detail === "string" ? parsed.detail : (parsed?.status ?? text);
      } catch {
        // A non-JSON answer is reported as its text.
      }
      return {
        agent_id: agentId,
        address,
        ok: response.ok,
        status: response.status,
        detail: String(detail),
      };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        agent_id: agentId,
        address,
        ok: false,
        status: null,
        detail: `agent unreachable: ${why}`,
      };
    }
  }
  return {
    run: (agentId, address, request) => post(agentId, address, "/run", request),
    addObserver: (agentId, address, observer) =>
      post(agentId, address, "/observer", {
        ip_address: observer.ip_address,
        port: observer.port,
        update_preferences: { interval_ms: observer.interval_ms },
      }),
  };
}
