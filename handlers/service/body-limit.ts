import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** JSON bodies (group specs, reports) are small; only the records upload may be larger. */
export const MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;

const RECORDS_UPLOAD = /^\/api\/v1\/client-group\/\d+\/records$/;

/**
 * Refuses bodies over 16 MiB with `413 {"detail"}`, except the per-request records upload,
 * which streams to disk under its own limit. (The server's own limit is the records' one.)
 */
export function limitBodies(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: (c) =>
      c.json({ detail: `Request body is larger than ${MAX_JSON_BODY_BYTES} bytes` }, 413),
  });
  return (c, next) =>
    c.req.method === "POST" && RECORDS_UPLOAD.test(c.req.path) ? next() : limit(c, next);
}
