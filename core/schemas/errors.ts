import { z } from "zod";

/** Every error answer of the service and the agent: FastAPI's shape, which existing clients read. */
export const ErrorBody = z
  .object({ detail: z.string().meta({ example: "Benchmark id not found" }) })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;
