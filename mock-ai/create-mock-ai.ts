import { Hono } from "hono";
import { type Clock, systemClock } from "../core/clock.ts";
import { aifServiceRoutes } from "./aif-services.ts";
import { createFaults } from "./faults.ts";
import { createGenerator } from "./generation.ts";
import { createLatencyModel, mulberry32 } from "./latency-model.ts";
import { openAiRoutes } from "./openai-routes.ts";
import { type MockAiOptions, mockAiOptions } from "./options.ts";
import { renderPrometheus } from "./prometheus.ts";
import { createStats } from "./stats.ts";

export type MockAiDeps = {
  clock?: Clock;
  /** Numbers in [0, 1) for jitter and injected faults; default: mulberry32 seeded with `seed`. */
  random?: () => number;
};

/**
 * Builds the mock AI server as a Hono app plus its counters. Options not given take their
 * defaults (`createMockAi({ ttftMs: 0, itlMs: 0 })` answers at once); serve it with
 * `Bun.serve({ fetch: app.fetch })` or call `app.request()` in a test.
 */
export function createMockAi(given: Partial<MockAiOptions> = {}, deps: MockAiDeps = {}) {
  const options = mockAiOptions(given);
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? mulberry32(options.seed);
  const stats = createStats();
  const latency = createLatencyModel(options, random);
  const faults = createFaults(options, random);
  const generate = createGenerator({ options, stats, latency, faults, clock });

  const app = new Hono();
  app.onError((err, c) => {
    console.error(JSON.stringify({ event: "mock_ai_error", path: c.req.path, error: String(err) }));
    return c.json({ detail: "Internal error in the mock AI server; see its log" }, 500);
  });
  app.notFound((c) => c.json({ detail: `No route for ${c.req.method} ${c.req.path}` }, 404));

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/stats", (c) => c.json(stats.snapshot()));
  app.post("/stats/reset", (c) => {
    stats.reset();
    return c.json(stats.snapshot());
  });
  app.get("/metrics", (c) =>
    c.text(renderPrometheus(stats, options.model), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
    }),
  );
  app.route("/", openAiRoutes({ options, stats, generate, startedAt: clock.now() }));
  app.route("/", aifServiceRoutes({ options, stats, generate, clock }));

  return { app, stats, options };
}
export type MockAi = ReturnType<typeof createMockAi>;
