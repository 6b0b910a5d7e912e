import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

const DeletedResponse = z.object({ status: z.literal("deleted"), benchmark_id: z.number().int() });

export const deleteGroupRoute = createRoute({
  method: "delete",
  path: "/api/v1/client-group/{benchmark_id}",
  tags: ["client groups"],
  summary: "Cancel the group's Slurm job and forget the group",
  request: { params: BenchmarkIdParams },
  responses: {
    200: jsonResponse(DeletedResponse, "Deleted; the job is cancelled"),
    ...notFoundResponse,
    ...invalidResponse,
    503: errorResponse("Slurm could not cancel the job (the group is kept)"),
  },
});

export function registerDeleteGroup(app: OpenAPIHono, deps: Pick<ServiceDeps, "groups">) {
  app.openapi(deleteGroupRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    await deps.groups.remove(benchmark_id);
    return c.json({ status: "deleted" as const, benchmark_id }, 200);
  });
}
