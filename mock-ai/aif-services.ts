import { Hono } from "hono";
import type { Clock } from "../core/clock.ts";
import type { Generate } from "./generation.ts";
import type { MockAiOptions } from "./options.ts";
import {
  CreateServiceRequest,
  countWords,
  readBody,
  ServicePromptRequest,
} from "./request-schemas.ts";
import type { MockAiStats } from "./stats.ts";

type Deps = { options: MockAiOptions; stats: MockAiStats; generate: Generate; clock: Clock };

export type Service = {
  id: string;
  name: string;
  recipe_name: string;
  status: "running";
  config: Record<string, unknown>;
  created_at: string;
};

/**
 * The AI Factory server-service endpoints: `POST/GET /api/v1/services` start and list
 * (pretend) vLLM services, which are running at once, and `POST /api/v1/vllm/{id}/prompt`
 * answers a prompt like `/v1/completions`, with the model from the service's `config.model`.
 * Services live in this app only, so each test starts with none.
 */
export function aifServiceRoutes({ options, stats, generate, clock }: Deps) {
  const app = new Hono();
  const services = new Map<string, Service>();
  const notFound = (id: string) => ({ detail: `Service ${id} not found` });

  app.post("/api/v1/services", async (c) => {
    const body = await readBody(c.req.raw, CreateServiceRequest);
    if (!body.ok) return c.json({ detail: body.detail }, 400);
    const id = `svc-${(services.size + 1).toString().padStart(6, "0")}`;
    const { recipe_name, name, config } = body.value;
    const service: Service = {
      id,
      name: name ?? `${recipe_name.replaceAll("/", "-")}-${id}`,
      recipe_name,
      status: "running",
      config,
      created_at: new Date(clock.now()).toISOString(),
    };
    services.set(id, service);
    return c.json(service, 201);
  });

  app.get("/api/v1/services", (c) => c.json([...services.values()]));

  app.get("/api/v1/services/:id", (c) => {
    const service = services.get(c.req.param("id"));
    return service ? c.json(service) : c.json(notFound(c.req.param("id")), 404);
  });

  app.post("/api/v1/vllm/:id/prompt", async (c) => {
    stats.request();
    const service = services.get(c.req.param("id"));
    if (!service) return c.json(notFound(c.req.param("id")), 404);
    const body = await readBody(c.req.raw, ServicePromptRequest);
    if (!body.ok) return c.json({ detail: body.detail }, 400);
    const { prompt, max_tokens, stream, stream_options } = body.value;
    const model = service.config.model;
    return generate(
      {
        api: "completions",
        model: typeof model === "string" && model !== "" ? model : options.model,
        prompts: [prompt],
        promptTokens: countWords(prompt),
        maxTokens: max_tokens ?? undefined,
        stream: stream === true,
        includeUsage: stream_options?.include_usage === true,
      },
      c.req.raw.signal,
    );
  });

  return app;
}
