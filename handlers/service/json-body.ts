import type { ZodType } from "zod";
import { errorResponse } from "../create-app.ts";

/** A required JSON request body for `createRoute`. */
export const jsonBody = <T extends ZodType>(schema: T, description?: string) => ({
  body: {
    content: { "application/json": { schema } },
    required: true,
    ...(description ? { description } : {}),
  },
});

/** A JSON response for `createRoute`. */
export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const notFoundResponse = { 404: errorResponse("Benchmark id not found") } as const;
export const invalidResponse = {
  422: errorResponse("Invalid input; `detail` names the field"),
} as const;
