import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { jsonResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["service"],
  summary: "Liveness",
  responses: {
    200: jsonResponse(
      z.object({ status: z.literal("ok"), slurm_adapter: z.string(), groups: z.number().int() }),
      "The service is up",
    ),
  },
});

export function registerHealth(
  app: OpenAPIHono,
  deps: Pick<ServiceDeps, "slurmAdapter" | "store">,
) {
  app.openapi(healthRoute, (c) =>
    c.json(
      {
        status: "ok" as const,
        slurm_adapter: deps.slurmAdapter,
        groups: deps.store.listGroups().length,
      },
      200,
    ),
  );
}
