import type { ZodType } from "zod";
import type { AgentRuntime } from "../../core/agent/agent-runtime.ts";
import type { ObserverAllowList } from "../../core/observers/observer-allow-list.ts";
import { errorResponse } from "../create-app.ts";

/**
 * What every agent route needs: the process's one runtime, where observers may be, and the
 * group's token that control calls must carry (null or absent: control is open, as the original's).
 */
export type AgentDeps = {
  runtime: AgentRuntime;
  observerAllow?: ObserverAllowList | undefined;
  controlToken?: string | null | undefined;
};

/** A required JSON request body for `createRoute`. */
export const jsonBody = <T extends ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** A JSON response for `createRoute`. */
export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The answer to a control call without the group's token (when the agent has one). */
export const unauthorized = {
  401: errorResponse("Missing or wrong group token"),
} as const;

export const invalidBody = {
  422: errorResponse("Invalid body; `detail` names the field"),
} as const;
