import type { MiddlewareHandler } from "hono";
import { tokenMatches } from "../../core/auth/api-token.ts";
import { bearerToken } from "../../core/auth/group-token.ts";

/** Paths anyone may read: liveness, metrics and the API description. */
const OPEN = new Set(["/health", "/metrics", "/docs", "/openapi.json"]);
/** Agent calls carry the group's token instead, checked by the core. */
const AGENT_CALL = /^\/api\/v1\/client-group\/\d+\/(connect|progress|results|records)$/;

/** With AIFC_API_TOKEN set, every user call needs `Authorization: Bearer <token>`. */
export function requireApiToken(expected: string): MiddlewareHandler {
  return async (c, next) => {
    const isAgentCall = c.req.method === "POST" && AGENT_CALL.test(c.req.path);
    if (OPEN.has(c.req.path) || isAgentCall) return next();
    if (!tokenMatches(bearerToken(c.req.header("authorization")), expected)) {
      return c.json(
        { detail: "Missing or wrong API token: send 'Authorization: Bearer <AIFC_API_TOKEN>'" },
        401,
      );
    }
    return next();
  };
}
