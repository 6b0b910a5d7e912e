import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { BenchmarkIdParams, ObserverBody } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonBody, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

const ObserverRegistered = z.object({
  status: z.literal("registered"),
  benchmark_id: z.number().int(),
  observer: z.object({
    ip_address: z.string(),
    port: z.number().int(),
    interval_ms: z.number().int(),
  }),
  forwarded_to: z
    .number()
    .int()
    .meta({ description: "agents told now; later ones are told when they register" }),
});

export const registerObserverRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/observer",
  tags: ["client groups"],
  summary: "Register a monitor that every agent of the group will notify",
  request: { params: BenchmarkIdParams, ...jsonBody(ObserverBody) },
  responses: {
    201: jsonResponse(ObserverRegistered, "Observer registered"),
    ...notFoundResponse,
    409: errorResponse("The group has ended"),
    ...invalidResponse,
    502: errorResponse("An agent could not be reached"),
  },
});

export function registerRegisterObserver(app: OpenAPIHono, deps: Pick<ServiceDeps, "runs">) {
  app.openapi(registerObserverRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const { observer, results } = await deps.runs.addObserver(benchmark_id, c.req.valid("json"));
    return c.json(
      { status: "registered" as const, benchmark_id, observer, forwarded_to: results.length },
      201,
    );
  });
}
