import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AgentStatus } from "../../core/schemas/agent.ts";
import { type AgentDeps, jsonResponse } from "./route-parts.ts";

export const statusRoute = createRoute({
  method: "get",
  path: "/status",
  tags: ["agent"],
  summary: "What this agent is and what it is doing",
  responses: { 200: jsonResponse(AgentStatus, "The agent's status") },
});

export function registerStatus(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(statusRoute, (c) => c.json(deps.runtime.status(), 200));
}
