import { describe, expect, test } from "bun:test";
import { serviceWorld } from "./service-world.ts";

describe("POST /api/v1/client-group/{benchmark_id}", () => {
  test("creates the group, submits one job and answers the original's shape", async () => {
    const world = serviceWorld();
    const res = await world.call("POST", "/api/v1/client-group/42", { num_clients: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: "created",
      benchmark_id: 42,
      num_clients: 3,
      job_id: "1000",
    });
    expect(world.slurm.submitted).toHaveLength(1);
    const job = world.slurm.submitted[0];
    expect(job?.name).toBe("aifc-42");
    expect(job?.timeLimitMin).toBe(5);
    expect(job?.environment.AIFC_NUM_CLIENTS).toBe("3");
    expect(job?.environment.AIFC_BENCHMARK_ID).toBe("42");
    expect(job?.environment.AIFC_GROUP_TOKEN?.split(".")).toHaveLength(3);
    const info = await world.call("GET", "/api/v1/client-group/42");
    expect(info.body.info.state).toBe("submitted");
  });

  test("a second group with the same id is refused with 409 and the first is untouched", async () => {
    const world = serviceWorld();
    await world.call("POST", "/api/v1/client-group/7", { num_clients: 2 });
    const again = await world.call("POST", "/api/v1/client-group/7", { num_clients: 9 });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ detail: "Group already exists" });
    expect(world.slurm.submitted).toHaveLength(1);
    expect((await world.call("GET", "/api/v1/client-group/7")).body.info.num_clients).toBe(2);
  });

  test("two concurrent creates of one id submit one job", async () => {
    const world = serviceWorld();
    const [a, b] = await Promise.all([
      world.call("POST", "/api/v1/client-group/8", { num_clients: 1 }),
      world.call("POST", "/api/v1/client-group/8", { num_clients: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(world.slurm.submitted).toHaveLength(1);
  });

  test("a refused sbatch keeps no group and answers 502 with Slurm's message", async () => {
    const world = serviceWorld({
      slurm: { refuse: "Invalid account or account/partition combination specified" },
    });
    const res = await world.call("POST", "/api/v1/client-group/5", { num_clients: 1 });
    expect(res.status).toBe(502);
    expect(res.body.detail).toContain("Invalid account or account/partition combination specified");
    expect((await world.call("GET", "/api/v1/client-group/5")).status).toBe(404);
    world.slurm.setSubmitFailure({});
    expect((await world.call("POST", "/api/v1/client-group/5", { num_clients: 1 })).status).toBe(
      201,
    );
  });

  test("an unreachable Slurm answers 503 and keeps no group", async () => {
    const world = serviceWorld({ slurm: { unavailable: "Unable to contact slurm controller" } });
    const res = await world.call("POST", "/api/v1/client-group/5", { num_clients: 1 });
    expect(res.status).toBe(503);
    expect(res.body.detail).toContain("Unable to contact slurm controller");
    expect((await world.call("GET", "/api/v1/client-groups")).body.total).toBe(0);
  });

  const invalid: Array<[string, string, unknown, string]> = [
    ["negative id", "/api/v1/client-group/-1", { num_clients: 1 }, "benchmark_id"],
    ["non-integer id", "/api/v1/client-group/1.5", { num_clients: 1 }, "benchmark_id"],
    ["word id", "/api/v1/client-group/abc", { num_clients: 1 }, "benchmark_id"],
    [
      "id above 2^53-1",
      "/api/v1/client-group/9007199254740993",
      { num_clients: 1 },
      "benchmark_id",
    ],
    ["missing num_clients", "/api/v1/client-group/1", {}, "num_clients"],
    ["string num_clients", "/api/v1/client-group/1", { num_clients: "three" }, "num_clients"],
    ["zero num_clients", "/api/v1/client-group/1", { num_clients: 0 }, "num_clients"],
    ["fractional num_clients", "/api/v1/client-group/1", { num_clients: 1.5 }, "num_clients"],
    [
      "string time_limit",
      "/api/v1/client-group/1",
      { num_clients: 1, time_limit: "5" },
      "time_limit",
    ],
    [
      "negative time_limit",
      "/api/v1/client-group/1",
      { num_clients: 1, time_limit: -5 },
      "time_limit",
    ],
    ["malformed JSON", "/api/v1/client-group/1", "{num_clients: 1", "body"],
    ["unknown field", "/api/v1/client-group/1", { num_clients: 1, nodess: 2 }, "nodess"],
    [
      "bad load pattern",
      "/api/v1/client-group/1",
      { num_clients: 1, load: { pattern: "zigzag" } },
      "load.pattern",
    ],
    [
      "bad target URL",
      "/api/v1/client-group/1",
      { num_clients: 1, target: { base_url: "not a url" } },
      "target.base_url",
    ],
  ];
  for (const [what, path, body, field] of invalid) {
    test(`${what} gets 422 naming ${field}, and nothing is submitted`, async () => {
      const world = serviceWorld();
      const res = await world.call("POST", path, body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain(field);
      expect(world.slurm.submitted).toHaveLength(0);
    });
  }

  test("shell metacharacters in prompts are stored, never put into the job", async () => {
    const world = serviceWorld();
    const hostile = "$(touch /tmp/pwned); `id` | rm -rf / & echo 'x' \"y\"";
    const res = await world.call("POST", "/api/v1/client-group/3", {
      num_clients: 1,
      workload: { prompts: [hostile] },
    });
    expect(res.status).toBe(201);
    const env = world.slurm.submitted[0]?.environment ?? {};
    expect(Object.values(env).some((v) => v.includes("touch"))).toBe(false);
  });
});
