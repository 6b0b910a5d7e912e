import { afterEach, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { systemClock } from "../../../core/clock.ts";
import { mintSlurmToken } from "../../../core/config/slurm-token.ts";
import type { JobSpec } from "../../../slurm/adapter.ts";
import { JOB_SCRIPT } from "../../../slurm/job-script.ts";
import { RestSlurm } from "../../../slurm/rest.ts";
import { SlurmTokenSource } from "../../../slurm/slurm-token-source.ts";
import { fakeRunner } from "./fake-runner.ts";
import { startSlurmrestd } from "./slurmrestd-emulator.ts";

const KEY = new TextEncoder().encode("0123456789abcdef0123456789abcdef");
const OTHER_KEY = new TextEncoder().encode("fedcba9876543210fedcba9876543210");
const HOSTILE = 'a b; $(touch pwned) `id` "q" , x=y\nnext';

const job: JobSpec = {
  name: "aifc-7",
  timeLimitMin: 5,
  tasks: 2,
  environment: { AIFC_BENCHMARK_ID: "7", AIFC_SERVER_ADDR: HOSTILE },
};

let stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

function rest(
  ver: "v0.0.38" | "v0.0.40",
  options: { signWith?: Uint8Array; partition?: string } = {},
) {
  const server = startSlurmrestd(ver, KEY);
  const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "aifc-rest-"));
  stops.push(server.stop, () => fs.rmSync(jobsDir, { recursive: true, force: true }));
  const tokens = new SlurmTokenSource({
    config: { jwt_key: "/etc/slurm/jwt.key", user_name: "svc" },
    clock: systemClock,
    run: fakeRunner({}).run,
    readKey: () => options.signWith ?? KEY,
  });
  const slurm = new RestSlurm({
    url: server.url,
    apiVer: ver,
    userName: "svc",
    tokens,
    fetch,
    jobsDir,
    options: { partition: options.partition, mem: "2G", workdir: "/scratch/aifc" },
    path: "/usr/local/bin:/usr/bin:/bin",
    sleep: async () => {},
  });
  return { slurm, server, jobsDir };
}

describe("REST adapter, v0.0.38 (Slurm 22.05)", () => {
  test("submits the fixed script with the job's values in an environment object holding PATH", async () => {
    const { slurm, server, jobsDir } = rest("v0.0.38");
    expect(await slurm.submit(job)).toBe("100");
    const [submit] = server.submits;
    expect(submit?.headers.get("x-slurm-user-name")).toBe("svc");
    expect(submit?.body).toEqual({
      script: JOB_SCRIPT,
      job: {
        name: "aifc-7",
        tasks: 2,
        time_limit: 5,
        current_working_directory: "/scratch/aifc",
        standard_output: path.join(jobsDir, "slurm-%j.out"),
        memory_per_node: 2048,
        environment: {
          PATH: "/usr/local/bin:/usr/bin:/bin",
          AIFC_BENCHMARK_ID: "7",
          AIFC_SERVER_ADDR: HOSTILE,
        },
      },
    });
  });

  test("tracks and cancels a job; an id slurmrestd does not know (error 2017) reads UNKNOWN", async () => {
    const { slurm } = rest("v0.0.38");
    const jobId = await slurm.submit(job);
    expect((await slurm.status([jobId])).get(jobId)).toEqual({
      jobId,
      state: "RUNNING",
      reason: null,
      nodes: "vm",
      exitCode: null,
    });
    await slurm.cancel(jobId);
    const after = await slurm.status([jobId, "99999"]);
    expect(after.get(jobId)).toMatchObject({ state: "CANCELLED", exitCode: 143 });
    expect(after.get("99999")?.state).toBe("UNKNOWN");
    await slurm.cancel("99999");
  });

  test("a refused job surfaces slurmrestd's errors[] text as kind refused", async () => {
    const { slurm } = rest("v0.0.38", { partition: "nope" });
    expect(await slurm.submit(job).catch((e) => e)).toMatchObject({
      name: "SlurmError",
      kind: "refused",
      message: "Invalid partition name specified",
    });
  });

  test("a refused token is kind unavailable with slurmrestd's answer", async () => {
    const { slurm } = rest("v0.0.38", { signWith: OTHER_KEY });
    const error = await slurm.submit(job).catch((e) => e);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe(
      "slurmrestd refused the token (HTTP 401: Authentication failure); check user_name and the token's source",
    );
    expect((await slurm.status(["100"]).catch((e) => e)).kind).toBe("unavailable");
  });
});

describe("REST adapter, v0.0.40 (Slurm 23.11)", () => {
  test("sends environment as K=V strings and numbers as {set, infinite, number}", async () => {
    const { slurm, server } = rest("v0.0.40");
    await slurm.submit(job);
    expect(server.submits[0]?.body.job).toMatchObject({
      time_limit: { set: true, infinite: false, number: 5 },
      memory_per_node: { set: true, infinite: false, number: 2048 },
      environment: [
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "AIFC_BENCHMARK_ID=7",
        `AIFC_SERVER_ADDR=${HOSTILE}`,
      ],
    });
  });

  test("reads job_state lists and verbose exit codes", async () => {
    const { slurm } = rest("v0.0.40");
    const jobId = await slurm.submit(job);
    expect((await slurm.status([jobId])).get(jobId)?.state).toBe("RUNNING");
    await slurm.cancel(jobId);
    expect((await slurm.status([jobId])).get(jobId)).toMatchObject({
      state: "CANCELLED",
      exitCode: 143,
    });
  });

  test("a refused job keeps slurmrestd's words", async () => {
    const { slurm } = rest("v0.0.40", { partition: "nope" });
    expect(await slurm.submit(job).catch((e) => e)).toMatchObject({
      kind: "refused",
      message: "Invalid partition name specified",
    });
  });
});

describe("REST adapter, no slurmrestd", () => {
  test("an address nobody answers on is kind unavailable and names the address", async () => {
    const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const url = `http://127.0.0.1:${probe.port}`;
    probe.stop(true);
    const slurm = new RestSlurm({
      url,
      apiVer: "v0.0.38",
      tokens: { current: async () => ({ ...(await token()) }) },
      fetch,
      jobsDir: "/scratch/aifc",
      options: { workdir: "/scratch/aifc", output: "/scratch/aifc/%j.out" },
      path: "/usr/bin:/bin",
    });
    const error = await slurm.submit(job).catch((e) => e);
    expect(error.kind).toBe("unavailable");
    expect(error.message).toStartWith(`Cannot reach slurmrestd at ${url}`);
  });
});

async function token() {
  const text = await mintSlurmToken(KEY, "svc", 600, Date.now());
  return {
    token: text,
    user: "svc",
    issuedAt: null,
    expiresAt: new Date(Date.now() + 600_000),
    remainingS: 600,
    expiringSoon: false,
  };
}
