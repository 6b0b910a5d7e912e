import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_FLAGS, runOptionsFromFlags } from "../../../handlers/cli/bench-flags.ts";
import { readFlags } from "../../../handlers/cli/cli-flags.ts";

const dir = mkdtempSync(join(tmpdir(), "aifc-bench-flags-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (argv: string[], env: Record<string, string> = {}) =>
  runOptionsFromFlags(readFlags(argv, RUN_FLAGS), env);
const refusal = (argv: string[]) => {
  try {
    parse(argv);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
};

describe("bench flags → CreateGroupBody", () => {
  test("every load-spec flag lands in its field", () => {
    const prompts = join(dir, "prompts.jsonl");
    writeFileSync(prompts, '"from json"\n{"prompt": "from object"}\nplain line\n\n');
    const options = parse([
      ...["--clients", "8", "--nodes", "2", "--time-limit", "15"],
      ...["--target", "http://ai:8000", "--kind", "openai", "--api", "chat", "--model", "m1"],
      ...["--service-id", "svc-1", "--header", "X-Team: bench", "--header", "X-Run:2"],
      ...["--prompt", "typed", "--prompts-file", prompts, "--max-tokens", "64"],
      ...["--temperature", "0.2", "--no-stream"],
      ...["--pattern", "gamma", "--rate", "12.5", "--burstiness", "0.5", "--duration", "30"],
      ...["--requests", "100", "--warmup", "2", "--ramp-up", "3", "--timeout", "60"],
      ...["--max-in-flight", "500", "--seed", "7", "--records"],
      ...["--slo-ttft-ms", "500", "--slo-tpot-ms", "50", "--slo-e2e-ms", "9000"],
    ]);
    expect(options.body).toEqual({
      num_clients: 8,
      nodes: 2,
      time_limit: 15,
      target: {
        base_url: "http://ai:8000",
        kind: "openai",
        api: "chat",
        model: "m1",
        service_id: "svc-1",
        headers: { "X-Team": "bench", "X-Run": "2" },
      },
      workload: {
        prompts: ["typed", "from json", "from object", "plain line"],
        max_tokens: 64,
        temperature: 0.2,
        stream: false,
      },
      load: {
        pattern: "gamma",
        rate: 12.5,
        burstiness: 0.5,
        duration_s: 30,
        requests: 100,
        warmup_s: 2,
        ramp_up_s: 3,
        timeout_s: 60,
        max_in_flight: 500,
        seed: 7,
        records: true,
      },
      slo: { ttft_ms: 500, tpot_ms: 50, e2e_ms: 9000 },
    });
  });

  test("no flags: one client, the service's defaults, the local service", () => {
    const options = parse([]);
    expect(options.body).toEqual({ num_clients: 1, time_limit: 5, nodes: 1 });
    expect(options.service).toBe("http://127.0.0.1:8001");
    expect(options.token).toBeUndefined();
    expect(options.pollMs).toBe(1000);
  });

  test("--rate alone means Poisson arrivals, as vLLM's --request-rate", () => {
    expect(parse(["--rate", "5"]).body.load).toMatchObject({ pattern: "poisson", rate: 5 });
  });

  test("--csv and --html keep per-request records", () => {
    expect(parse(["--csv", "x.csv"]).body.load?.records).toBe(true);
    expect(parse(["--html", "x.html"]).body.load?.records).toBe(true);
    expect(parse(["--out", "x.json"]).body.load?.records).toBeUndefined();
  });

  test("the service and token come from flags, else the environment", () => {
    const env = { AIFC_SERVICE_URL: "http://head:8001", AIFC_API_TOKEN: "secret-token-123456" };
    expect(parse([], env)).toMatchObject({
      service: "http://head:8001",
      token: env.AIFC_API_TOKEN,
    });
    expect(parse(["--service", "http://other:1", "--token", "t"], env)).toMatchObject({
      service: "http://other:1",
      token: "t",
    });
  });
});

describe("bad flags are refused with the flag named", () => {
  test.each([
    [["--clients", "many"], '--clients: expected a number, got "many"'],
    [["--clients", "0"], "--clients: Too small"],
    [["--rate=-3"], "--rate: Too small"],
    [["--pattern", "closed", "--rate", "5"], "--rate: a closed loop has no rate"],
    [["--pattern", "poisson"], '--rate: required for the open-loop pattern "poisson"'],
    [["--pattern", "burst"], "--pattern: Invalid option"],
    [["--api", "embeddings"], "--api: Invalid option"],
    [["--target", "not a url"], /^--target: .*URL/],
    [["--temperature", "3"], "--temperature: Too big"],
    [["--requests", "1.5"], "--requests: Invalid input: expected int"],
    [["--slo-ttft-ms", "0"], "--slo-ttft-ms: Too small"],
    [["--header", "no-colon"], '--header: expected "Name: value"'],
    [["--prompts-file", "/nonexistent/prompts.txt"], "--prompts-file: cannot read"],
    [["--service", "localhost"], "--service: expected a URL"],
    [["--id=-1"], "--id: must be a non-negative integer"],
    [["--poll-ms", "5"], "--poll-ms: must be within 50..60000"],
    [["--no-such-flag"], "Unknown option '--no-such-flag'"],
    [["extra"], "unexpected arguments: extra"],
  ])("%p", (argv, message) => {
    expect(refusal(argv as string[])).toMatch(message as string | RegExp);
  });
});
