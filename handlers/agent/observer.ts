import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import {
  ALLOW_ANY_OBSERVER,
  observerHostRefusal,
} from "../../core/observers/observer-allow-list.ts";
import { AgentObserverBody } from "../../core/schemas/agent.ts";
import { errorResponse } from "../create-app.ts";
import {
  type AgentDeps,
  invalidBody,
  jsonBody,
  jsonResponse,
  unauthorized,
} from "./route-parts.ts";

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
  security: [{ groupToken: [] }],
  summary: "Register a monitor to send an update every interval_ms while the load runs",
  request: jsonBody(AgentObserverBody),
  responses: {
    201: jsonResponse(ObserverRegistered, "Observer registered"),
    ...unauthorized,
    403: errorResponse("The observer's host is not allowed (AIFC_OBSERVER_ALLOW)"),
    409: errorResponse("The agent already has as many observers as it takes"),
    ...invalidBody,
  },
});

export function registerObserver(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(observerRoute, (c) => {
    const { ip_address, port, update_preferences } = c.req.valid("json");
    // The same rule as the service's, so a caller cannot bypass it by calling the agent directly.
    const refusal = observerHostRefusal(deps.observerAllow ?? ALLOW_ANY_OBSERVER, ip_address);
    if (refusal) throw new AppError(403, refusal);
    const observer = { ip_address, port, interval_ms: update_preferences?.interval_ms ?? 1000 };
    deps.runtime.addObserver(observer);
    return c.json({ status: "registered" as const, observer }, 201);
  });
}
