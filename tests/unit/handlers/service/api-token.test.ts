import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

const TOKEN = "s3cret-token-0123456789";
const user = { authorization: `Bearer ${TOKEN}` };

/** Open to anyone: liveness probes and Prometheus carry no credentials; the docs hold no data. */
const OPEN = ["GET /docs", "GET /health", "GET /metrics", "GET /openapi.json"];
/** Agents prove themselves with their group's token instead (tested in agent-auth.test.ts). */
const AGENT_CALLS = [
  "POST /api/v1/client-group/:benchmark_id/connect",
  "POST /api/v1/client-group/:benchmark_id/progress",
  "POST /api/v1/client-group/:benchmark_id/records",
  "POST /api/v1/client-group/:benchmark_id/results",
];

/** Every route the app serves, read from the app itself so a new route cannot be missed. */
function routesOf(world: ReturnType<typeof serviceWorld>) {
  const routes = world.app.routes
    .filter((route) => route.method !== "ALL")
    .map((route) => `${route.method} ${route.path}`);
  return [...new Set(routes)].sort();
}

const request = (world: ReturnType<typeof serviceWorld>, route: string, headers = {}) => {
  const [method = "GET", path = "/"] = route.split(" ");
  const url = path.replace(":benchmark_id", "1");
  const body = method === "POST" ? {} : undefined;
  return world.call(method, url, body, headers);
};

describe("AIFC_API_TOKEN", () => {
  test("every user route refuses a missing, wrong, shorter, longer or non-bearer token with 401 and takes the right one", async () => {
    const world = serviceWorld({ apiToken: TOKEN });
    const routes = routesOf(world);
    const userRoutes = routes.filter((r) => !OPEN.includes(r) && !AGENT_CALLS.includes(r));
    expect(userRoutes.length).toBeGreaterThanOrEqual(9);
    for (const headers of [
      {},
      { authorization: "Bearer s3cret-token-0123456788" },
      { authorization: "Bearer s3cret" },
      { authorization: `Bearer ${TOKEN}0` },
      { authorization: `Basic ${TOKEN}` },
      { authorization: TOKEN },
    ]) {
      for (const route of userRoutes) {
        const res = await request(world, route, headers);
        expect({ route, headers, status: res.status }).toEqual({ route, headers, status: 401 });
        expect(res.body.detail).toContain("API token");
      }
    }
    for (const route of userRoutes) {
      expect({ route, status: (await request(world, route, user)).status }).not.toEqual({
        route,
        status: 401,
      });
    }
    expect(world.slurm.submitted).toHaveLength(0);
  });

  test("the open routes are exactly liveness, metrics and the API description", async () => {
    const world = serviceWorld({ apiToken: TOKEN });
    const routes = routesOf(world);
    for (const route of OPEN) {
      expect(routes).toContain(route);
      expect((await request(world, route)).status).toBe(200);
    }
  });

  test("agent calls pass without the API token but still need the group token", async () => {
    const world = serviceWorld({ apiToken: TOKEN });
    expect(routesOf(world)).toEqual(expect.arrayContaining(AGENT_CALLS));
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 }, user);
    const connect = "/api/v1/client-group/1/connect";
    const body = { client_address: "http://10.0.0.1:9000" };
    const noGroupToken = await world.call("POST", connect, body);
    expect(noGroupToken.status).toBe(401);
    expect(noGroupToken.body.detail).toContain("agent token");
    expect((await world.call("POST", connect, body, world.bearer(world.tokenOf()))).status).toBe(
      201,
    );
  });

  test("unknown paths are refused before they are looked up", async () => {
    const world = serviceWorld({ apiToken: TOKEN });
    expect((await world.call("GET", "/api/v1/nope")).status).toBe(401);
    expect((await world.call("GET", "/api/v1/nope", undefined, user)).status).toBe(404);
  });

  test("without AIFC_API_TOKEN no user route asks for one", async () => {
    const world = serviceWorld();
    for (const route of routesOf(world).filter((r) => !AGENT_CALLS.includes(r))) {
      expect({ route, status: (await request(world, route)).status }).not.toEqual({
        route,
        status: 401,
      });
    }
  });
});
