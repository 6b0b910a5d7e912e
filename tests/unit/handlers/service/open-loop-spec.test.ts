import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("open-loop load specs over HTTP", () => {
  test("creating an open-loop group without a rate is a 422 naming load.rate; nothing is submitted", async () => {
    const world = serviceWorld();
    const res = await world.call("POST", "/api/v1/client-group/1", {
      num_clients: 2,
      load: { pattern: "poisson", duration_s: 10 },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("load.rate: required for the open-loop pattern");
    expect(world.slurm.submitted).toHaveLength(0);
  });

  test("a closed loop with a rate is a 422 naming load.rate", async () => {
    const world = serviceWorld();
    const res = await world.call("POST", "/api/v1/client-group/1", {
      num_clients: 2,
      load: { rate: 10 },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("load.rate: a closed loop has no rate");
  });

  test("a run override that leaves an open loop without a rate is a 422 too", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 1 });
    const res = await world.call("POST", "/api/v1/client-group/1/run", {
      load: { pattern: "gamma", burstiness: 0.5 },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("load.rate");
    const ok = await world.call("POST", "/api/v1/client-group/1/run", {
      load: { pattern: "gamma", burstiness: 0.5, rate: 20, records: true },
    });
    expect(ok.status).toBe(200);
    const sent = world.agentCalls.findLast((c) => c.url.endsWith("/run"))?.body as {
      spec: { load: Record<string, unknown> };
    };
    expect(sent.spec.load).toMatchObject({
      pattern: "gamma",
      rate: 20,
      burstiness: 0.5,
      records: true,
    });
  });
});
