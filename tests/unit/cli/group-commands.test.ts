import { afterEach, describe, expect, test } from "bun:test";
import { cliWorld } from "./cli-world.ts";

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

/** A world with group 1 finished (one run through the CLI) and group 2 just submitted. */
async function twoGroups() {
  const cli = cliWorld();
  cleanups.push(cli.world.removeRecords);
  expect(await cli.run("--clients", "3")).toBe(0);
  await cli.world.call("POST", "/api/v1/client-group/2", { num_clients: 8, nodes: 2 });
  cli.out.length = 0;
  cli.err.length = 0;
  return cli;
}

describe("bench groups", () => {
  test("lists every group with its state", async () => {
    const cli = await twoGroups();
    expect(await cli.run("groups")).toBe(0);
    const [header, first, second] = cli.stdout().split("\n");
    expect(header).toMatch(/^ID\s+STATE\s+CLIENTS\s+NODES\s+AGENTS\s+JOB\s+CREATED$/);
    expect(first).toMatch(/^1\s+completed\s+3\s+1\s+1\s+1000\s/);
    expect(second).toMatch(/^2\s+submitted\s+8\s+2\s+0\s+1001\s/);
  });

  test("--json prints the service's answer", async () => {
    const cli = await twoGroups();
    expect(await cli.run("groups", "--json")).toBe(0);
    const list = JSON.parse(cli.stdout());
    expect(list.total).toBe(2);
    expect(list.groups.map((g: { state: string }) => g.state)).toEqual(["completed", "submitted"]);
  });
});

describe("bench status ID", () => {
  test("shows the state, the Slurm job, the agents and the transitions", async () => {
    const cli = await twoGroups();
    expect(await cli.run("status", "1")).toBe(0);
    const text = cli.stdout();
    expect(text).toContain("benchmark 1: completed");
    expect(text).toContain("Slurm job 1000:");
    expect(text).toContain("3 clients on 1 node(s), time limit 5 min");
    expect(text).toMatch(/0\s+done\s+3\s+5\s+1\s+http:\/\/10\.0\.1\.1:9000/);
    for (const state of ["submitted", "ready", "running", "completed"]) {
      expect(text).toMatch(new RegExp(`Z\\s+${state}`));
    }
  });

  test("--json is the service's group; an unknown id is the service's 404", async () => {
    const cli = await twoGroups();
    expect(await cli.run("status", "2", "--json")).toBe(0);
    expect(JSON.parse(cli.stdout())).toMatchObject({ benchmark_id: 2, info: { nodes: 2 } });
    expect(await cli.run("status", "99")).toBe(1);
    expect(cli.stderr()).toContain("status: the service answered 404: Benchmark id not found");
  });

  test("an id that is not a number is refused without asking the service", async () => {
    const cli = await twoGroups();
    expect(await cli.run("status", "abc")).toBe(2);
    expect(cli.stderr()).toContain(
      'status: the benchmark id must be a non-negative integer, got "abc"',
    );
    expect(await cli.run("status")).toBe(2);
    expect(cli.stderr()).toContain("status: expected a benchmark id");
  });
});

describe("bench results ID", () => {
  test("prints the summary table of a finished group, or its JSON", async () => {
    const cli = await twoGroups();
    expect(await cli.run("results", "1")).toBe(0);
    expect(cli.stdout()).toContain("benchmark 1 (completed, Slurm job 1000)");
    expect(cli.stdout()).toContain("Maximum request concurrency:             3");
    expect(cli.stdout()).toContain("Failed requests (http_5xx):              1");
    cli.out.length = 0;
    expect(await cli.run("results", "1", "--json")).toBe(0);
    const served = (await cli.world.call("GET", "/api/v1/client-group/1/results")).body;
    expect(JSON.parse(cli.stdout())).toEqual(served);
  });

  test("an unfinished group is the service's 409 with its reason", async () => {
    const cli = await twoGroups();
    expect(await cli.run("results", "2")).toBe(1);
    expect(cli.stderr()).toContain("results: the service answered 409: Benchmark has not finished");
  });
});

describe("bench cancel ID", () => {
  test("deletes the group and cancels its job", async () => {
    const cli = await twoGroups();
    expect(await cli.run("cancel", "2")).toBe(0);
    expect(cli.stdout()).toContain("group 2 deleted");
    expect(cli.world.slurm.cancelled).toEqual(["1001"]);
    expect((await cli.world.call("GET", "/api/v1/client-group/2")).status).toBe(404);
    expect(await cli.run("cancel", "1", "--json")).toBe(0);
    expect(JSON.parse(cli.out.at(-1) as string)).toEqual({ status: "deleted", benchmark_id: 1 });
  });
});

describe("help", () => {
  test.each([
    [[], "Usage: bun run bench [options]"],
    [["sweep"], "Usage: bun run bench sweep"],
    [["groups"], "Usage: bun run bench groups"],
    [["status"], "Usage: bun run bench status ID"],
    [["results"], "Usage: bun run bench results ID"],
    [["cancel"], "Usage: bun run bench cancel ID"],
  ])("%p --help", async (words, usage) => {
    const cli = cliWorld();
    expect(await cli.run(...(words as string[]), "--help")).toBe(0);
    expect(cli.stdout()).toContain(usage as string);
    expect(cli.world.slurm.submitted).toHaveLength(0);
  });
});
