import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type AgentDeps, jsonResponse, unauthorized } from "./route-parts.ts";

export const stopRoute = createRoute({
  method: "post",
  path: "/stop",
  tags: ["agent"],
  security: [{ groupToken: [] }],
  summary: "Stop: abort in-flight requests, upload partial results, exit",
  responses: {
    200: jsonResponse(z.object({ status: z.literal("stopping") }), "The agent is stopping"),
    ...unauthorized,
  },
});

export function registerStop(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(stopRoute, (c) => {
    deps.runtime.stop("stopped by request");
    return c.json({ status: "stopping" as const }, 200);
  });
}
