import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bearerToken } from "../../core/auth/group-token.ts";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import { AgentReport } from "../../core/schemas/results.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonBody, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const uploadResultsRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/results",
  tags: ["agents"],
  summary: "An agent uploads its report once its run ends (idempotent; needs the group's token)",
  security: [{ groupToken: [] }],
  request: { params: BenchmarkIdParams, ...jsonBody(AgentReport) },
  responses: {
    200: jsonResponse(
      z.object({ status: z.literal("stored"), duplicate: z.boolean() }),
      "Report stored (a repeated upload is acknowledged and ignored)",
    ),
    401: errorResponse("Missing, invalid, expired or foreign group token"),
    ...notFoundResponse,
    409: errorResponse("The report is for another run"),
    ...invalidResponse,
  },
});

export function registerUploadResults(app: OpenAPIHono, deps: Pick<ServiceDeps, "registrations">) {
  app.openapi(uploadResultsRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const token = bearerToken(c.req.header("authorization"));
    const { stored } = await deps.registrations.uploadResults(
      benchmark_id,
      c.req.valid("json"),
      token,
    );
    return c.json({ status: "stored" as const, duplicate: !stored }, 200);
  });
}
