import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AgentRunRequest } from "../../core/schemas/agent.ts";
import { errorResponse } from "../create-app.ts";
import {
  type AgentDeps,
  invalidBody,
  jsonBody,
  jsonResponse,
  unauthorized,
} from "./route-parts.ts";

export const RunStartedResponse = z.object({
  status: z.literal("started"),
  run_id: z.string(),
  num_clients: z.number().int().meta({ description: "this agent's virtual clients" }),
});

export const runRoute = createRoute({
  method: "post",
  path: "/run",
  tags: ["agent"],
  security: [{ groupToken: [] }],
  summary: "Start the load in the background",
  request: jsonBody(AgentRunRequest),
  responses: {
    200: jsonResponse(RunStartedResponse, "The run has started"),
    ...unauthorized,
    409: errorResponse("A run is in progress, or this agent has already run"),
    ...invalidBody,
  },
});

export function registerRun(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(runRoute, (c) => c.json(deps.runtime.startRun(c.req.valid("json")), 200));
}
