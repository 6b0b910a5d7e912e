import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import {
  ALLOW_ANY_OBSERVER,
  observerHostRefusal,
} from "../../core/observers/observer-allow-list.ts";
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
    403: errorResponse("The observer's host is not allowed (--observer-allow)"),
    ...notFoundResponse,
    409: errorResponse("The group has ended"),
    ...invalidResponse,
    502: errorResponse("An agent could not be reached"),
  },
});

export function registerRegisterObserver(
  app: OpenAPIHono,
  deps: Pick<ServiceDeps, "runs" | "observerAllow">,
) {
  app.openapi(registerObserverRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const body = c.req.valid("json");
    // Checked before any agent hears of it: the service never forwards a refused address.
    const refusal = observerHostRefusal(deps.observerAllow ?? ALLOW_ANY_OBSERVER, body.ip_address);
    if (refusal) throw new AppError(403, refusal);
    const { observer, results } = await deps.runs.addObserver(benchmark_id, body);
    return c.json(
      { status: "registered" as const, benchmark_id, observer, forwarded_to: results.length },
      201,
    );
  });
}
