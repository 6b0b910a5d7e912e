import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { GroupState } from "../../core/schemas/group.ts";
import { jsonResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

const GroupList = z
  .object({
    groups: z.array(
      z.object({
        benchmark_id: z.number().int(),
        state: GroupState,
        num_clients: z.number().int(),
        nodes: z.number().int(),
        job_id: z.string(),
        created_at: z.number(),
        agents: z.number().int(),
      }),
    ),
    total: z.number().int(),
  })
  .meta({ id: "GroupList" });

export const listGroupsRoute = createRoute({
  method: "get",
  path: "/api/v1/client-groups",
  tags: ["client groups"],
  summary: "Every group with its state",
  responses: { 200: jsonResponse(GroupList, "All groups") },
});

export function registerListGroups(app: OpenAPIHono, deps: Pick<ServiceDeps, "groups">) {
  app.openapi(listGroupsRoute, (c) => {
    const groups = deps.groups.list();
    return c.json({ groups, total: groups.length }, 200);
  });
}
