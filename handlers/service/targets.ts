import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { isFinal } from "../../core/groups/group-lifecycle.ts";
import type { GroupStore } from "../../core/groups/group-store.ts";
import { jsonResponse } from "./json-body.ts";
import type { ServiceDeps } from "./service-deps.ts";

const ScrapeTargets = z
  .array(
    z.object({
      targets: z.array(z.string()).meta({ example: ["10.0.0.7:41235"] }),
      labels: z.object({ benchmark_id: z.string(), task_index: z.string(), job_id: z.string() }),
    }),
  )
  .meta({ id: "ScrapeTargets" });
type ScrapeTargets = z.infer<typeof ScrapeTargets>;

export const targetsRoute = createRoute({
  method: "get",
  path: "/api/v1/targets",
  tags: ["service"],
  summary: "Live agents in Prometheus HTTP service-discovery format",
  description:
    "Every agent registered with a group that has not ended, as `host:port` with its group's " +
    "ids as labels, so one `http_sd_configs` entry lets Prometheus scrape each agent's `/metrics`.",
  responses: { 200: jsonResponse(ScrapeTargets, "One target group per live agent") },
});

/** `host:port` of an agent's address (`http://10.0.0.7:41235` → `10.0.0.7:41235`). */
function hostPort(address: string): string | null {
  try {
    const url = new URL(address);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    return `${url.hostname}:${port}`;
  } catch {
    return null;
  }
}

/** The agents Prometheus should scrape now: registered or running, in a group still live. */
export function scrapeTargets(store: GroupStore): ScrapeTargets {
  const targets: ScrapeTargets = [];
  for (const group of store.listGroups()) {
    if (isFinal(group.state)) continue;
    for (const agent of store.agents(group.benchmark_id)) {
      const target = hostPort(agent.address);
      if (target === null || agent.state === "done" || agent.state === "failed") continue;
      targets.push({
        targets: [target],
        labels: {
          benchmark_id: String(group.benchmark_id),
          task_index: String(agent.task_index),
          job_id: group.job_id,
        },
      });
    }
  }
  return targets;
}

export function registerTargets(app: OpenAPIHono, deps: Pick<ServiceDeps, "store">) {
  app.openapi(targetsRoute, (c) => c.json(scrapeTargets(deps.store), 200));
}
