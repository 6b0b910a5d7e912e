import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { BenchmarkIdParams, GroupResponse } from "../../core/schemas/group.ts";
import { invalidResponse, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const getGroupRoute = createRoute({
  method: "get",
  path: "/api/v1/client-group/{benchmark_id}",
  tags: ["client groups"],
  summary: "A group's state, Slurm job, agents, transitions and progress",
  request: { params: BenchmarkIdParams },
  responses: {
    200: jsonResponse(GroupResponse, "The group"),
    ...notFoundResponse,
    ...invalidResponse,
  },
});

export function registerGetGroup(app: OpenAPIHono, deps: Pick<ServiceDeps, "groups">) {
  app.openapi(getGroupRoute, (c) => {
    const { benchmark_id } = c.req.valid("param");
    return c.json({ benchmark_id, info: deps.groups.info(benchmark_id) }, 200);
  });
}
