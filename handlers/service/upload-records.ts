import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bearerToken } from "../../core/auth/group-token.ts";
import { BenchmarkIdParams, MAX_NODES } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

const RecordsQuery = z.object({
  task_index: z
    .string()
    .regex(/^\d{1,5}$/, "task_index must be a non-negative integer")
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .max(MAX_NODES - 1),
    )
    .meta({ param: { name: "task_index", in: "query" }, example: "0" }),
  run_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "run_id must be the run's id (letters, digits, - and _)")
    .meta({ param: { name: "run_id", in: "query" } }),
});

export const uploadRecordsRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/records",
  tags: ["agents"],
  summary: "An agent uploads its per-request records (JSONL) after its report (group token)",
  security: [{ groupToken: [] }],
  request: {
    params: BenchmarkIdParams,
    query: RecordsQuery,
    body: {
      content: { "application/x-ndjson": { schema: z.string() } },
      required: true,
      description: "one RequestRecordLine per line; streamed to disk, at most 256 MiB",
    },
  },
  responses: {
    200: jsonResponse(
      z.object({ status: z.literal("stored"), bytes: z.number().int() }),
      "Records stored (a repeated upload replaces the earlier one)",
    ),
    401: errorResponse("Missing, invalid, expired or foreign group token"),
    ...notFoundResponse,
    409: errorResponse("The records are for another run"),
    413: errorResponse("The upload is larger than the limit"),
    ...invalidResponse,
  },
});

export function registerUploadRecords(app: OpenAPIHono, deps: Pick<ServiceDeps, "registrations">) {
  app.openapi(uploadRecordsRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const length = c.req.header("content-length");
    const { bytes } = await deps.registrations.uploadRecords(
      benchmark_id,
      c.req.valid("query"),
      bearerToken(c.req.header("authorization")),
      c.req.raw.body,
      length === undefined || !/^\d+$/.test(length) ? null : Number(length),
    );
    return c.json({ status: "stored" as const, bytes }, 200);
  });
}
