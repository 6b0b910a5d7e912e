import type { MiddlewareHandler } from "hono";
import { tokenMatches } from "../../core/auth/api-token.ts";
import { bearerToken } from "../../core/auth/group-token.ts";

/** The routes that change what the agent does; reads (`/health`, `/status`, `/metrics`) stay open. */
const CONTROL = new Set(["/run", "/stop", "/observer"]);

/**
 * Lets only the holder of the group's token start, stop or watch the agent: a POST to a
 * control route needs `Authorization: Bearer <AIFC_GROUP_TOKEN>`, compared in constant time.
 * Checked before the body is read, so a stranger learns nothing from validation errors.
 */
export function requireControlToken(expected: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "POST" || !CONTROL.has(c.req.path)) return next();
    if (!tokenMatches(bearerToken(c.req.header("authorization")), expected)) {
      return c.json(
        { detail: "Missing or wrong group token: send 'Authorization: Bearer <AIFC_GROUP_TOKEN>'" },
        401,
      );
    }
    return next();
  };
}
