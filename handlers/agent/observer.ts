import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AgentObserverBody } from "../../core/schemas/agent.ts";
import { type AgentDeps, invalidBody, jsonBody, jsonResponse } from "./route-parts.ts";

const ObserverRegistered = z.object({
  status: z.literal("registered"),
  observer: z.object({ ip_address: z.string(), port: z.number().int() }),
});

export const observerRoute = createRoute({
  method: "post",
  path: "/observer",
  tags: ["agent"],
  summary: "Register a monitor to notify after every finished request",
  request: jsonBody(AgentObserverBody),
  responses: {
    201: jsonResponse(ObserverRegistered, "Observer registered"),
    ...invalidBody,
  },
});

export function registerObserver(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(observerRoute, (c) => {
    const { ip_address, port } = c.req.valid("json");
    deps.runtime.addObserver({ ip_address, port });
    return c.json({ status: "registered" as const, observer: { ip_address, port } }, 201);
  });
}
