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

/**
 * The service's calls to one agent. `token` is the group's token, which the agent requires as a
 * bearer token on these calls; null for a group stored before tokens were kept (sent without).
 */
export type AgentCaller = {
  run(
    agentId: string,
    address: string,
    request: AgentRunRequest,
    token: string | null,
  ): Promise<AgentCallResult>;
  addObserver(
    agentId: string,
    address: string,
    observer: StoredObserver,
    token: string | null,
  ): Promise<AgentCallResult>;
  stop(agentId: string, address: string, token: string | null): Promise<AgentCallResult>;
};

/** Calls agents over HTTP with a bounded wait, so one dead node cannot hang a user's request. */
export function createAgentCaller(fetchFn: typeof fetch, timeoutMs = 10_000): AgentCaller {
  async function post(
    agentId: string,
    address: string,
    path: string,
    body: unknown,
    token: string | null,
  ) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await fetchFn(new URL(path, address), {
        method: "POST",
        headers,
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
    run: (agentId, address, request, token) => post(agentId, address, "/run", request, token),
    addObserver: (agentId, address, observer, token) =>
      post(
        agentId,
        address,
        "/observer",
        {
          ip_address: observer.ip_address,
          port: observer.port,
          update_preferences: { interval_ms: observer.interval_ms },
        },
        token,
      ),
    stop: (agentId, address, token) => post(agentId, address, "/stop", {}, token),
  };
}
