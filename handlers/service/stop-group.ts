import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonResponse, notFoundResponse } from "./json-body.ts";
import { AgentCall } from "./run-group.ts";
import type { ServiceDeps } from "./service-deps.ts";

const StoppingResponse = z.object({
  status: z.literal("stopping"),
  benchmark_id: z.number().int(),
  results: z.array(AgentCall),
});

export const stopGroupRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/stop",
  tags: ["client groups"],
  summary: "Stop the run on every agent; they upload partial results and the group completes",
  request: { params: BenchmarkIdParams },
  responses: {
    200: jsonResponse(StoppingResponse, "Stop forwarded; one result per agent"),
    ...notFoundResponse,
    409: errorResponse("The group is not running"),
    ...invalidResponse,
  },
});

/** The user's stop, relayed by the service, which (unlike the user's machine) reaches the agents. */
export function registerStopGroup(app: OpenAPIHono, deps: Pick<ServiceDeps, "runs">) {
  app.openapi(stopGroupRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const results = await deps.runs.stop(benchmark_id);
    return c.json({ status: "stopping" as const, benchmark_id, results }, 200);
  });
}
