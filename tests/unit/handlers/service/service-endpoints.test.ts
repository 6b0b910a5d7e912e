import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("service-wide endpoints", () => {
  test("/health says ok and names the Slurm adapter", async () => {
    const res = await serviceWorld().call("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", slurm_adapter: "fake", groups: 0 });
  });

  test("/metrics counts groups by state, agents and API requests in Prometheus text", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 1 });
    await world.call("POST", "/api/v1/client-group/2", { num_clients: 1 });
    await world.call("GET", "/api/v1/client-group/77");
    const res = await world.call("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.text).toContain('aifc_groups{state="ready"} 1');
    expect(res.text).toContain('aifc_groups{state="submitted"} 1');
    expect(res.text).toContain("aifc_agents 1");
    expect(res.text).toContain('aifc_api_requests_total{method="GET",status="4xx"} 1');
    for (const line of res.text.trim().split("\n")) {
      expect(line).toMatch(/^(# (HELP|TYPE) .+|[a-z_]+(\{[^}]*\})? \d+(\.\d+)?)$/);
    }
  });

  test("/openapi.json documents every route; /docs serves Swagger UI", async () => {
    const world = serviceWorld();
    const spec = (await world.call("GET", "/openapi.json")).body;
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths).sort()).toEqual([
      "/api/v1/client-group/{benchmark_id}",
      "/api/v1/client-group/{benchmark_id}/connect",
      "/api/v1/client-group/{benchmark_id}/observer",
      "/api/v1/client-group/{benchmark_id}/progress",
      "/api/v1/client-group/{benchmark_id}/records",
      "/api/v1/client-group/{benchmark_id}/results",
      "/api/v1/client-group/{benchmark_id}/run",
      "/api/v1/client-group/{benchmark_id}/stop",
      "/api/v1/client-groups",
      "/api/v1/targets",
      "/health",
      "/metrics",
    ]);
    const docs = await world.call("GET", "/docs");
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("swagger-ui");
  });

  test("unknown routes are 404 with a detail", async () => {
    const res = await serviceWorld().call("GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain("/api/v1/nope");
  });

  test("with an API token, user calls need it and agent calls use the group token", async () => {
    const world = serviceWorld({ apiToken: "s3cret-token-0123456789" });
    expect((await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 })).status).toBe(
      401,
    );
    const user = { authorization: "Bearer s3cret-token-0123456789" };
    expect(
      (await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 }, user)).status,
    ).toBe(201);
    const connect = await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: "http://a:1" },
      world.bearer(world.tokenOf()),
    );
    expect(connect.status).toBe(201);
    expect((await world.call("GET", "/health")).status).toBe(200);
  });
});
