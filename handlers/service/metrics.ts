import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { GROUP_STATES } from "../../core/schemas/group.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["service"],
  summary: "Prometheus metrics: groups by state, agents, API requests",
  responses: {
    200: {
      description: "Prometheus text format",
      content: { "text/plain": { schema: z.string() } },
    },
  },
});

export function registerMetrics(
  app: OpenAPIHono,
  deps: Pick<ServiceDeps, "store" | "apiRequests">,
) {
  app.openapi(metricsRoute, (c) => {
    const groups = deps.store.listGroups();
    const lines = [
      "# HELP aifc_groups Client groups by lifecycle state.",
      "# TYPE aifc_groups gauge",
      ...GROUP_STATES.map(
        (s) => `aifc_groups{state="${s}"} ${groups.filter((g) => g.state === s).length}`,
      ),
      "# HELP aifc_agents Registered agents across all groups.",
      "# TYPE aifc_agents gauge",
      `aifc_agents ${groups.reduce((sum, g) => sum + deps.store.agents(g.benchmark_id).length, 0)}`,
      "# HELP aifc_api_requests_total API requests served, by method and status class.",
      "# TYPE aifc_api_requests_total counter",
      ...deps.apiRequests
        .entries()
        .map(
          (e) => `aifc_api_requests_total{method="${e.method}",status="${e.status}"} ${e.count}`,
        ),
    ];
    return c.text(`${lines.join("\n")}\n`, 200, { "content-type": "text/plain; version=0.0.4" });
  });
}
