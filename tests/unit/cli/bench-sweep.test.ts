import { afterEach, describe, expect, test } from "bun:test";
import { cliWorld } from "./cli-world.ts";

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function world() {
  const cli = cliWorld();
  cleanups.push(cli.world.removeRecords);
  return cli;
}

describe("bench sweep", () => {
  test("--concurrency runs one group per point and prints a row each and the plot", async () => {
    const cli = world();
    const code = await cli.run(
      "sweep",
      "--concurrency",
      "1,4,16",
      "--out",
      "s.json",
      "--html",
      "s.html",
    );
    expect(code).toBe(0);
    const clients = cli.world.slurm.submitted.map((job) => job.environment.AIFC_NUM_CLIENTS);
    expect(clients).toEqual(["1", "4", "16"]);
    const lines = cli.stdout().split("\n");
    expect(lines[0]).toMatch(/^CLIENTS\s+ID\s+REQ\/S\s+TOK\/S\s+P50_TTFT\s+P99_TTFT/);
    expect(lines[1]).toMatch(/^1\s+1\s/);
    expect(lines[3]).toMatch(/^16\s+3\s/);
    expect(cli.stdout()).toContain("p99 E2E (ms)");
    expect(cli.stdout()).toContain("throughput (req/s)");
    const saved = JSON.parse(cli.files.get("s.json") as string);
    expect(saved.dimension).toBe("concurrency");
    expect(saved.points.map((p: { value: number }) => p.value)).toEqual([1, 4, 16]);
    expect(saved.points[2].results.requests.completed).toBe(4);
    expect(cli.files.get("s.html")).toContain("<html");
    // The sweep report needs no per-request records, so the points keep none.
    expect(saved.spec.load?.records).toBeUndefined();
  });

  test("--rates sweeps an open loop (poisson by default) at each rate", async () => {
    const cli = world();
    expect(await cli.run("sweep", "--rates", "5,10", "--requests", "20", "--json")).toBe(0);
    const runs = cli.world.agentCalls.filter((c) => c.url.endsWith("/run"));
    const loads = runs.map((c) => (c.body as { spec: { load: unknown } }).spec.load);
    expect(loads).toMatchObject([
      { pattern: "poisson", rate: 5, requests: 20 },
      { pattern: "poisson", rate: 10, requests: 20 },
    ]);
    expect(JSON.parse(cli.stdout()).points).toHaveLength(2);
  });

  test("--stop-on-slo stops at the first point whose p99 breaks the SLO", async () => {
    const cli = world();
    // The fake agents' TTFTs are 10, 20, 30, 40 ms (p99 39.7), so a 35 ms SLO breaks at once.
    const code = await cli.run(
      "sweep",
      "--rates",
      "5,10,20",
      "--slo-ttft-ms",
      "35",
      "--stop-on-slo",
    );
    expect(code).toBe(1);
    expect(cli.world.slurm.submitted).toHaveLength(1);
    expect(cli.stdout()).toMatch(/SLO broken: p99 TTFT 39\.7 ms > 35 ms/);
  });

  test("a sweep needs exactly one of --rates and --concurrency, and valid points", async () => {
    const cli = world();
    expect(await cli.run("sweep")).toBe(2);
    expect(cli.stderr()).toContain("give either --rates R1,R2,... or --concurrency N1,N2,...");
    expect(await cli.run("sweep", "--rates", "5,x")).toBe(2);
    expect(cli.stderr()).toContain('--rates: expected a number, got "x"');
    expect(await cli.run("sweep", "--concurrency", "1,0")).toBe(2);
    expect(cli.stderr()).toContain("--concurrency: 0 is not allowed");
    expect(await cli.run("sweep", "--concurrency", "1", "--pattern", "constant")).toBe(2);
    expect(cli.world.slurm.submitted).toHaveLength(0);
  });
});
