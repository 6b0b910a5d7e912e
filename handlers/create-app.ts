import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { AppError } from "../core/errors.ts";
import { ErrorBody as ErrorSchemaRef } from "../core/schemas/errors.ts";

/** Turns a zod error into one sentence that names each bad field, e.g. `num_clients: expected a number`. */
export function describeZodError(error: ZodError, where?: string): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join(".") : (where ?? "body");
    const message = issue.message.replace(
      /^Invalid input: expected (\w+), received undefined$/,
      "required ($1)",
    );
    return `${path}: ${message}`;
  });
  return parts.join("; ");
}

/**
 * An OpenAPIHono app with the project's one error shape installed: validation failures become
 * `422 {"detail": "<field>: <problem>"}`, AppErrors become their status with `{"detail"}`, a
 * malformed JSON body is a 422, and anything unexpected is a 500 that never leaks a stack.
 */
export function createApp<E extends Env = Env>() {
  const app = new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === "json" ? "body" : result.target;
        return c.json({ detail: describeZodError(result.error, where) }, 422);
      }
    },
  });
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json({ detail: err.message }, err.status);
    if (err instanceof HTTPException) {
      if (err.status === 400 && /json/i.test(err.message)) {
        return c.json({ detail: "body: request body is not valid JSON" }, 422);
      }
      return c.json({ detail: err.message || "Request refused" }, err.status);
    }
    console.error(
      JSON.stringify({ event: "unhandled_error", path: c.req.path, error: String(err) }),
    );
    return c.json({ detail: "Internal error; see the service log" }, 500);
  });
  app.notFound((c) => c.json({ detail: `No route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

/** Standard error responses for route definitions, so the OpenAPI document lists them. */
export const errorResponse = (description: string) =>
  ({
    description,
    content: { "application/json": { schema: ErrorSchemaRef } },
  }) as const;
