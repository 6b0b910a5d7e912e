import type { ZodType } from "zod";
import type { AgentRuntime } from "../../core/agent/agent-runtime.ts";
import type { ObserverAllowList } from "../../core/observers/observer-allow-list.ts";
import { errorResponse } from "../create-app.ts";

/** What every agent route needs: the process's one runtime (and where observers may be). */
export type AgentDeps = { runtime: AgentRuntime; observerAllow?: ObserverAllowList | undefined };

/** A required JSON request body for `createRoute`. */
export const jsonBody = <T extends ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** A JSON response for `createRoute`. */
export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const invalidBody = {
  422: errorResponse("Invalid body; `detail` names the field"),
} as const;
