import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { BenchmarkIdParams, CreatedResponse, CreateGroupBody } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonBody, jsonResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const createGroupRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}",
  tags: ["client groups"],
  summary: "Create a client group and submit its Slurm job",
  request: { params: BenchmarkIdParams, ...jsonBody(CreateGroupBody) },
  responses: {
    201: jsonResponse(CreatedResponse, "Group created; its job is submitted"),
    409: errorResponse("Group already exists"),
    ...invalidResponse,
    502: errorResponse("Slurm refused the job (no group is kept)"),
    503: errorResponse("Slurm is unavailable (no group is kept)"),
  },
});

export function registerCreateGroup(app: OpenAPIHono, deps: Pick<ServiceDeps, "groups">) {
  app.openapi(createGroupRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const group = await deps.groups.create(benchmark_id, body);
    return c.json(
      {
        status: "created" as const,
        benchmark_id,
        num_clients: group.num_clients,
        job_id: group.job_id,
      } satisfies z.infer<typeof CreatedResponse>,
      201,
    );
  });
}
