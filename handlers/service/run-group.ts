import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { RunOverrides as Overrides } from "../../core/groups/group-runs.ts";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import {
  LoadShapeFields,
  SloSpec,
  TargetSpec,
  WorkloadSpec,
} from "../../core/schemas/load-spec.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

/** Optional per-run overrides of the group's stored load spec (field by field). */
const RunOverrides = z
  .object({
    target: TargetSpec.partial().optional(),
    workload: WorkloadSpec.partial().optional(),
    load: LoadShapeFields.partial().optional(),
    slo: SloSpec.partial().optional(),
  })
  .strict()
  .meta({ id: "RunOverrides" });

export const AgentCall = z.object({
  agent_id: z.string(),
  address: z.string(),
  ok: z.boolean(),
  status: z.number().int().nullable(),
  detail: z.string(),
});

const DispatchedResponse = z.object({
  status: z.literal("dispatched"),
  benchmark_id: z.number().int(),
  results: z.array(AgentCall),
});

export const runGroupRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/run",
  tags: ["client groups"],
  summary: "Start the benchmark on every agent of a ready group",
  request: {
    params: BenchmarkIdParams,
    body: { content: { "application/json": { schema: RunOverrides } }, required: false },
  },
  responses: {
    200: jsonResponse(DispatchedResponse, "Run dispatched; one result per agent"),
    ...notFoundResponse,
    409: errorResponse("The group is not ready"),
    ...invalidResponse,
    502: errorResponse("No agent started the run"),
  },
});

export function registerRunGroup(app: OpenAPIHono, deps: Pick<ServiceDeps, "runs">) {
  app.openapi(runGroupRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    // An empty body (the original client sends none) means "run the stored spec as it is".
    // The schema has validated the body; merge the raw one so its defaults do not overwrite
    // fields the user did not name.
    const hasBody = c.req.header("content-type")?.includes("json") && c.req.valid("json");
    const overrides = hasBody ? ((await c.req.json()) as Overrides) : {};
    const results = await deps.runs.run(benchmark_id, overrides);
    return c.json({ status: "dispatched" as const, benchmark_id, results }, 200);
  });
}
