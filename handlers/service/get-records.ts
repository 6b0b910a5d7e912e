import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import { describeZodError, errorResponse } from "../create-app.ts";
import { invalidResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const getRecordsRoute = createRoute({
  method: "get",
  path: "/api/v1/client-group/{benchmark_id}/records",
  tags: ["results"],
  summary: "Every request of the group's run, one JSON line each (needs load.records: true)",
  request: { params: BenchmarkIdParams },
  responses: {
    200: {
      description: "The agents' records (RequestRecordLine per line), agent after agent",
      content: { "application/x-ndjson": { schema: z.string() } },
    },
    ...notFoundResponse,
    409: errorResponse("No records were uploaded for the group's run"),
    ...invalidResponse,
  },
});

/**
 * Registered by hand: zod-openapi types an `application/*json` response as JSON, which a
 * stream of lines is not. The route above still documents it; the id is checked the same way.
 */
export function registerGetRecords(app: OpenAPIHono, deps: Pick<ServiceDeps, "groups">) {
  app.openAPIRegistry.registerPath(getRecordsRoute);
  app.get("/api/v1/client-group/:benchmark_id/records", (c) => {
    const params = BenchmarkIdParams.safeParse({ benchmark_id: c.req.param("benchmark_id") });
    if (!params.success) return c.json({ detail: describeZodError(params.error, "param") }, 422);
    const records = deps.groups.records(params.data.benchmark_id);
    return c.body(records, 200, { "content-type": "application/x-ndjson" });
  });
}
