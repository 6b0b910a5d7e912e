import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bearerToken } from "../../core/auth/group-token.ts";
import { AgentProgress } from "../../core/schemas/agent.ts";
import { BenchmarkIdParams } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonBody, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

export const uploadProgressRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/progress",
  tags: ["agents"],
  summary: "An agent reports its request counts while it runs (needs the group's token)",
  security: [{ groupToken: [] }],
  request: { params: BenchmarkIdParams, ...jsonBody(AgentProgress) },
  responses: {
    200: jsonResponse(z.object({ status: z.literal("ok") }), "Progress recorded"),
    401: errorResponse("Missing, invalid, expired or foreign group token"),
    ...notFoundResponse,
    ...invalidResponse,
  },
});

export function registerUploadProgress(app: OpenAPIHono, deps: Pick<ServiceDeps, "registrations">) {
  app.openapi(uploadProgressRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const token = bearerToken(c.req.header("authorization"));
    await deps.registrations.progress(benchmark_id, c.req.valid("json"), token);
    return c.json({ status: "ok" as const }, 200);
  });
}
