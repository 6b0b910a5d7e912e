import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AgentObserverBody } from "../../core/schemas/agent.ts";
import { errorResponse } from "../create-app.ts";
import { type AgentDeps, invalidBody, jsonBody, jsonResponse } from "./route-parts.ts";

const ObserverRegistered = z.object({
  status: z.literal("registered"),
  observer: z.object({
    ip_address: z.string(),
    port: z.number().int(),
    interval_ms: z.number().int(),
  }),
});

export const observerRoute = createRoute({
  method: "post",
  path: "/observer",
  tags: ["agent"],
  summary: "Register a monitor to send an update every interval_ms while the load runs",
  request: jsonBody(AgentObserverBody),
  responses: {
    201: jsonResponse(ObserverRegistered, "Observer registered"),
    409: errorResponse("The agent already has as many observers as it takes"),
    ...invalidBody,
  },
});

export function registerObserver(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(observerRoute, (c) => {
    const { ip_address, port, update_preferences } = c.req.valid("json");
    const observer = { ip_address, port, interval_ms: update_preferences?.interval_ms ?? 1000 };
    deps.runtime.addObserver(observer);
    return c.json({ status: "registered" as const, observer }, 201);
  });
}
