import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApp } from "../create-app.ts";
import { limitBodies } from "./body-limit.ts";
import { registerConnectAgent } from "./connect-agent.ts";
import { registerCreateGroup } from "./create-group.ts";
import { registerDeleteGroup } from "./delete-group.ts";
import { registerDocs } from "./docs.ts";
import { registerGetGroup } from "./get-group.ts";
import { registerGetRecords } from "./get-records.ts";
import { registerGetResults } from "./get-results.ts";
import { registerHealth } from "./health.ts";
import { registerListGroups } from "./list-groups.ts";
import { registerMetrics } from "./metrics.ts";
import { registerRegisterObserver } from "./register-observer.ts";
import { requireApiToken } from "./require-api-token.ts";
import { registerRunGroup } from "./run-group.ts";
import type { ServiceDeps } from "./service-deps.ts";
import { registerStopGroup } from "./stop-group.ts";
import { registerTargets } from "./targets.ts";
import { registerUploadProgress } from "./upload-progress.ts";
import { registerUploadRecords } from "./upload-records.ts";
import { registerUploadResults } from "./upload-results.ts";

/** The head node's whole API: every service route over one set of dependencies. */
export function createServiceApp(deps: ServiceDeps, version = "0.1.0"): OpenAPIHono {
  const app = createApp();
  app.use(async (c, next) => {
    await next();
    deps.apiRequests.record(c.req.method, c.res.status);
  });
  if (deps.apiToken) app.use(requireApiToken(deps.apiToken));
  app.use(limitBodies(deps.maxBodyBytes));
  registerHealth(app, deps);
  registerMetrics(app, deps);
  registerListGroups(app, deps);
  registerCreateGroup(app, deps);
  registerGetGroup(app, deps);
  registerDeleteGroup(app, deps);
  registerRunGroup(app, deps);
  registerStopGroup(app, deps);
  registerConnectAgent(app, deps);
  registerRegisterObserver(app, deps);
  registerGetResults(app, deps);
  registerUploadProgress(app, deps);
  registerUploadResults(app, deps);
  registerUploadRecords(app, deps);
  registerGetRecords(app, deps);
  registerTargets(app, deps);
  registerDocs(app, version);
  return app;
}
