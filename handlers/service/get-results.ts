import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import { GroupResults } from "../../core/schemas/results.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const getResultsRoute = createRoute({
  method: "get",
  path: "/api/v1/client-group/{benchmark_id}/results",
  tags: ["results"],
  summary: "The group's merged metrics (TTFT, TPOT, ITL, E2E, throughput, errors)",
  request: { params: BenchmarkIdParams },
  responses: {
    200: jsonResponse(GroupResults, "Merged results of every agent"),
    ...notFoundResponse,
    409: errorResponse("The benchmark has not finished and no agent has reported"),
    ...invalidResponse,
  },
});

export function registerGetResults(app: OpenAPIHono, deps: Pick<ServiceDeps, "groups">) {
  app.openapi(getResultsRoute, (c) => {
    const { benchmark_id } = c.req.valid("param");
    return c.json(deps.groups.results(benchmark_id), 200);
  });
}
