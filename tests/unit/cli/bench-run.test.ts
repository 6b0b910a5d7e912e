import { afterEach, describe, expect, test } from "bun:test";
import { cliWorld } from "./cli-world.ts";

const record = (i: number) => ({
  task_index: 0,
  intended_at: 1000 + i,
  sent_at: 1000 + i,
  schedule_lag_ms: 0,
  ok: i < 4,
  status: i < 4 ? 200 : 503,
  error: i < 4 ? null : "http_5xx",
  ttft_ms: i < 4 ? 10 * (i + 1) : null,
  e2e_ms: 500 + i,
  itl_count: 3,
  output_tokens: 100,
  input_tokens: 10,
  tokens_source: "usage",
  warmup: false,
});

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function world(behaviour: Parameters<typeof cliWorld>[0] = {}) {
  const cli = cliWorld(behaviour);
  cleanups.push(cli.world.removeRecords);
  return cli;
}

describe("bench (one run)", () => {
  test("creates the group, waits for it, runs, prints the summary and writes every file", async () => {
    const cli = world({ registerAfter: 1, runFor: 2, records: () => [0, 1, 2, 3, 4].map(record) });
    const code = await cli.run(
      ...["--clients", "2", "--requests", "4", "--model", "m1"],
      ...["--out", "x.json", "--csv", "x.csv", "--html", "x.html"],
    );
    expect(code).toBe(0);
    // Waiting shows the group's states; the run shows its progress with the live p50 TTFT.
    expect(cli.stderr()).toContain(
      "created group 1 on http://127.0.0.1:8001: 2 clients on 1 node(s)",
    );
    expect(cli.stderr()).toContain("group 1: submitted");
    expect(cli.stderr()).toContain("group 1: ready");
    expect(cli.stderr()).toMatch(/\d+\/4 requests \| 2\.0 req\/s \| 0 errors \| p50 TTFT 25\.5 ms/);
    expect(cli.stdout()).toContain("============ Serving Benchmark Result ============");
    expect(cli.stdout()).toContain("Successful requests:                     4");
    expect(cli.stdout()).toContain("Maximum request concurrency:             2");
    // The group was created from the flags.
    const job = cli.world.slurm.submitted[0];
    expect(job?.environment.AIFC_NUM_CLIENTS).toBe("2");
    // --out holds the service's results as they are.
    const saved = JSON.parse(cli.files.get("x.json") as string);
    const served = (await cli.world.call("GET", "/api/v1/client-group/1/results")).body;
    expect(saved.results).toEqual(served);
    expect(saved.spec).toMatchObject({ num_clients: 2, load: { requests: 4, records: true } });
    expect(saved.group.state).toBe("completed");
    // --csv has a line per request, --html the report.
    const csv = (cli.files.get("x.csv") as string).trim().split("\n");
    expect(csv).toHaveLength(6);
    expect(csv[5]).toContain(",false,503,http_5xx,");
    expect(cli.files.get("x.html")).toContain("<html");
  });

  test("--json prints the run file instead of the table", async () => {
    const cli = world();
    expect(await cli.run("--json")).toBe(0);
    const printed = JSON.parse(cli.stdout());
    expect(printed).toMatchObject({ benchmark_id: 1, interrupted: false, note: null });
    expect(printed.results.requests).toEqual({ completed: 4, failed: 1, warmup: 0 });
  });

  test("a bad flag is refused before anything is created, naming the flag", async () => {
    const cli = world();
    expect(await cli.run("--pattern", "closed", "--rate", "5")).toBe(2);
    expect(cli.stderr()).toContain("bench: --rate: a closed loop has no rate");
    expect(cli.stderr()).toContain("bun run bench --help");
    expect(cli.world.slurm.submitted).toHaveLength(0);
  });

  test("the service's refusal is printed with its detail", async () => {
    const cli = world();
    await cli.world.call("POST", "/api/v1/client-group/5", { num_clients: 1 });
    expect(await cli.run("--id", "5")).toBe(1);
    expect(cli.stderr()).toContain("bench: the service answered 409: Group already exists");
  });

  test("without --id the next free id is used", async () => {
    const cli = world();
    await cli.world.call("POST", "/api/v1/client-group/41", { num_clients: 1 });
    expect(await cli.run()).toBe(0);
    expect(cli.stderr()).toContain("created group 42");
  });

  test("Ctrl-C stops the agents, cancels the group and still writes what was measured", async () => {
    const cli = world({ endless: true });
    const sleep = cli.deps.sleep;
    let polls = 0;
    cli.deps.sleep = async (ms) => {
      await sleep(ms);
      if ((await cli.world.call("GET", "/api/v1/client-group/1")).body.info?.state === "running") {
        polls += 1;
        if (polls === 2) cli.interrupt();
      }
    };
    const code = await cli.run("--duration", "600", "--out", "x.json");
    expect(code).toBe(130);
    expect(cli.stderr()).toContain("interrupted: stopping the run and cancelling the group");
    expect(cli.stderr()).toContain("group 1 cancelled");
    // The group is gone and its job cancelled; the partial results were saved first.
    expect((await cli.world.call("GET", "/api/v1/client-group/1")).status).toBe(404);
    const saved = JSON.parse(cli.files.get("x.json") as string);
    expect(cli.world.slurm.cancelled).toEqual([saved.group.job_id]);
    expect(saved.interrupted).toBe(true);
    expect(saved.results.partial).toBe(true);
    expect(saved.results.requests.completed).toBe(4);
    expect(cli.stdout()).toContain("Partial results:                         yes");
  });

  test("a second Ctrl-C quits at once", async () => {
    const cli = world({ endless: true });
    const sleep = cli.deps.sleep;
    cli.deps.sleep = async (ms) => {
      await sleep(ms);
      cli.interrupt();
      cli.interrupt();
    };
    await cli.run("--duration", "600");
    expect(cli.exitedWith()).toBe(130);
  });
});
