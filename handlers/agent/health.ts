import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { jsonResponse } from "./route-parts.ts";

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["agent"],
  summary: "Liveness",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "The agent is up") },
});

export function registerHealth(app: OpenAPIHono) {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
}
