import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DEFAULT_MAX_BODY_BYTES } from "../../core/config/service-config.ts";

const RECORDS_UPLOAD = /^\/api\/v1\/client-group\/\d+\/records$/;

/**
 * Refuses bodies over `maxBytes` (1 MiB unless `--max-body-bytes` says otherwise) with
 * `413 {"detail"}`, whether or not they declare their length, except the per-request records
 * upload, which streams to disk under its own limit (the server's own limit is the records' one).
 */
export function limitBodies(maxBytes = DEFAULT_MAX_BODY_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        {
          detail: `Request body is larger than ${maxBytes} bytes (the service's --max-body-bytes)`,
        },
        413,
      ),
  });
  return (c, next) =>
    c.req.method === "POST" && RECORDS_UPLOAD.test(c.req.path) ? next() : limit(c, next);
}
