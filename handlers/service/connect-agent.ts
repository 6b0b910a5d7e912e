import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bearerToken } from "../../core/auth/group-token.ts";
import { BenchmarkIdParams, ConnectBody } from "../../core/schemas/group.ts";
import { errorResponse } from "../create-app.ts";
import { invalidResponse, jsonBody, jsonResponse, notFoundResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

const RegisteredResponse = z.object({
  status: z.literal("registered"),
  benchmark_id: z.number().int(),
  client_address: z.string(),
});

export const connectAgentRoute = createRoute({
  method: "post",
  path: "/api/v1/client-group/{benchmark_id}/connect",
  tags: ["agents"],
  summary: "An agent registers its address (needs the group's token)",
  security: [{ groupToken: [] }],
  request: { params: BenchmarkIdParams, ...jsonBody(ConnectBody) },
  responses: {
    201: jsonResponse(RegisteredResponse, "Agent registered"),
    401: errorResponse("Missing, invalid, expired or foreign group token"),
    ...notFoundResponse,
    409: errorResponse("The group has ended"),
    ...invalidResponse,
  },
});

export function registerConnectAgent(app: OpenAPIHono, deps: Pick<ServiceDeps, "registrations">) {
  app.openapi(connectAgentRoute, async (c) => {
    const { benchmark_id } = c.req.valid("param");
    const body = c.req.valid("json");
    await deps.registrations.connect(
      benchmark_id,
      body,
      bearerToken(c.req.header("authorization")),
    );
    return c.json(
      { status: "registered" as const, benchmark_id, client_address: body.client_address },
      201,
    );
  });
}
