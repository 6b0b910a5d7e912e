import { swaggerUI } from "@hono/swagger-ui";
import type { OpenAPIHono } from "@hono/zod-openapi";

/** `/openapi.json` generated from the zod routes, and Swagger UI at `/docs`. */
export function registerDocs(app: OpenAPIHono, version: string) {
  app.openAPIRegistry.registerComponent("securitySchemes", "groupToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The group's registration token, handed to the Slurm job as AIFC_GROUP_TOKEN",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "AI Factory Client Service",
      version,
      description:
        "Creates client groups (one Slurm job each), tracks them and serves their results.",
    },
  });
  app.get("/docs", swaggerUI({ url: "/openapi.json" }));
}
