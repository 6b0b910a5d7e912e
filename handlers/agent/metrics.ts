import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AgentDeps } from "./route-parts.ts";

export const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["agent"],
  summary: "Prometheus metrics: requests by outcome, TTFT and E2E histograms, phase, observers",
  responses: {
    200: {
      description: "Prometheus text format 0.0.4",
      content: { "text/plain": { schema: z.string() } },
    },
  },
});

export function registerMetrics(app: OpenAPIHono, deps: AgentDeps) {
  app.openapi(metricsRoute, (c) =>
    c.text(deps.runtime.metricsText(), 200, { "content-type": "text/plain; version=0.0.4" }),
  );
}
