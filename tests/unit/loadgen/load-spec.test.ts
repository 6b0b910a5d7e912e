import { describe, expect, test } from "bun:test";
import { LoadShape, LoadSpec } from "../../../core/schemas/load-spec.ts";

const issues = (load: Record<string, unknown>) =>
  LoadShape.safeParse(load).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("the load shape", () => {
  test("open-loop patterns need a rate", () => {
    for (const pattern of ["constant", "poisson", "gamma"]) {
      expect(issues({ pattern })).toEqual([
        `rate: required for the open-loop pattern "${pattern}" (requests/s for the whole group)`,
      ]);
      expect(issues({ pattern, rate: 5 })).toEqual([]);
    }
  });

  test("a closed loop must not have a rate", () => {
    expect(issues({ rate: 5 })[0]).toStartWith("rate: a closed loop has no rate");
    expect(issues({ pattern: "closed" })).toEqual([]);
  });

  test("defaults: closed loop, burstiness 1, max_in_flight 10 000, no records", () => {
    expect(LoadSpec.parse({}).load).toMatchObject({
      pattern: "closed",
      burstiness: 1,
      max_in_flight: 10_000,
      records: false,
      warmup_s: 0,
      ramp_up_s: 0,
      timeout_s: 300,
    });
  });

  test("bounds: burstiness, max_in_flight and seed are checked", () => {
    expect(issues({ pattern: "gamma", rate: 1, burstiness: 0 })[0]).toStartWith("burstiness");
    expect(issues({ max_in_flight: 0 })[0]).toStartWith("max_in_flight");
    expect(issues({ seed: -1 })[0]).toStartWith("seed");
    expect(issues({ records: "yes" })[0]).toStartWith("records");
  });
});
