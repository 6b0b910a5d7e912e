import { createApp } from "../create-app.ts";
import { registerHealth } from "./health.ts";
import { registerMetrics } from "./metrics.ts";
import { registerObserver } from "./observer.ts";
import { requireControlToken } from "./require-control-token.ts";
import type { AgentDeps } from "./route-parts.ts";
import { registerRun } from "./run.ts";
import { registerStatus } from "./status.ts";
import { registerStop } from "./stop.ts";

/**
 * The client process's HTTP API (`/run`, `/status`, `/observer`, `/stop`, `/health`,
 * `/metrics`) over one runtime, with the project's `{"detail"}` error shape. With a
 * `controlToken`, `/run`, `/stop` and `/observer` need it as a bearer token. `main.ts` serves
 * it; tests call `app.request()` on it.
 */
export function createAgentApp(deps: AgentDeps) {
  const app = createApp();
  if (deps.controlToken) app.use(requireControlToken(deps.controlToken));
  app.openAPIRegistry.registerComponent("securitySchemes", "groupToken", {
    type: "http",
    scheme: "bearer",
    description: "The group's token (AIFC_GROUP_TOKEN); required when the agent was given one",
  });
  registerRun(app, deps);
  registerStatus(app, deps);
  registerObserver(app, deps);
  registerStop(app, deps);
  registerHealth(app);
  registerMetrics(app, deps);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "AI Factory client agent", version: "0.1.0" },
  });
  return app;
}
