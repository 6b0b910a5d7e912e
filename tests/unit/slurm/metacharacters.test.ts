import { Database } from "bun:sqlite";
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { manualClock } from "../../../core/clock.ts";
import { memoryLogger } from "../../../core/log.ts";
import { createServiceApp } from "../../../handlers/service/index.ts";
import { wireService } from "../../../handlers/service/wire-service.ts";
import type { SlurmAdapter } from "../../../slurm/adapter.ts";
import { JOB_SCRIPT } from "../../../slurm/job-script.ts";
import { LocalSlurm } from "../../../slurm/local.ts";
import { ShellSlurm } from "../../../slurm/shell.ts";
import { fakeRunner } from "./fake-runner.ts";

const BASH = Bun.which("bash") ?? "/bin/bash";
const PROJECT_ROOT = path.resolve(import.meta.dir, "../../..");

let dir: string;
let marker: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aifc-metachar-")));
  marker = path.join(dir, "pwned");
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every way out of badly quoted shell text, each of which would create the marker file. */
const hostile = (m: string) =>
  `$(touch ${m}) \`touch ${m}\`; touch ${m} | touch ${m} && touch ${m} 'q' "q" > ${m}`;

/** A group spec with shell metacharacters in every string field a user can set. */
function hostileSpec(m: string) {
  const h = hostile(m);
  return {
    num_clients: 2,
    target: {
      base_url: `http://ai.example:8000/v1/${h}`,
      kind: "aif-server",
      api: "chat",
      model: `${h}\nsecond line`,
      service_id: h.slice(0, 128),
      headers: { "x-`touch`|a&&b$c'": h, authorization: `Bearer ${h}` },
    },
    workload: { prompts: [h, `${h}\n${h}`, "\"'\\"] },
  };
}

/** The service over a given Slurm adapter, with agents that accept every call and record it. */
function serviceOver(slurm: SlurmAdapter, settings: { projectDir: string; bunPath: string }) {
  const agentBodies: unknown[] = [];
  const agentFetch = (async (_input: string | URL | Request, init?: RequestInit) => {
    agentBodies.push(JSON.parse(String(init?.body ?? "null")));
    return Response.json({ status: "started" });
  }) as typeof fetch;
  const deps = wireService({
    db: new Database(":memory:"),
    slurm,
    clock: manualClock(),
    log: memoryLogger().logger,
    fetch: agentFetch,
    recordsDir: path.join(dir, "records"),
    settings: {
      serverAddr: "http://127.0.0.1:8000",
      serviceAddr: "http://127.0.0.1:8001",
      containerImage: null,
      agentAuth: true,
      queueAllowanceS: 60,
      registrationDeadlineS: 60,
      ...settings,
    },
  });
  const app = createServiceApp(deps);
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  return { post, agentBodies };
}

describe("no user text reaches a shell", () => {
  test("shell adapter: sbatch gets argv values and the fixed script only; user values travel as data, byte for byte", async () => {
    const runner = fakeRunner({ sbatch: [{ stdout: "13\n" }] });
    const slurm = new ShellSlurm({ jobsDir: dir, env: { PATH: "/usr/bin:/bin" }, run: runner.run });
    const service = serviceOver(slurm, { projectDir: "/srv/aifc", bunPath: "/usr/bin/bun" });
    const spec = hostileSpec(marker);
    expect((await service.post("/api/v1/client-group/7", spec)).status).toBe(201);

    expect(runner.calls.map((c) => c.argv[0])).toEqual(["sbatch"]);
    const [sbatch] = runner.calls;
    expect(sbatch?.options.stdin).toBe(JOB_SCRIPT);
    for (const arg of sbatch?.argv ?? []) {
      expect(typeof arg).toBe("string");
      expect(arg).not.toContain("touch");
    }
    const env = sbatch?.options.env ?? {};
    expect(env.AIFC_SERVER_ADDR).toBe(spec.target.base_url);
    expect(Object.values(env).filter((v) => v.includes("touch"))).toEqual([spec.target.base_url]);

    // The rest of the spec goes to the agents as JSON, never through the job.
    const token = env.AIFC_GROUP_TOKEN ?? "";
    const connect = { client_address: "http://10.0.0.1:9000" };
    await service.post("/api/v1/client-group/7/connect", connect, {
      authorization: `Bearer ${token}`,
    });
    expect((await service.post("/api/v1/client-group/7/run", {})).status).toBe(200);
    const run = service.agentBodies.at(-1) as { spec: ReturnType<typeof hostileSpec> };
    expect(run.spec.target.model).toBe(spec.target.model);
    expect(run.spec.target.service_id).toBe(spec.target.service_id);
    expect(run.spec.target.headers).toEqual(spec.target.headers);
    expect(run.spec.workload.prompts).toEqual(spec.workload.prompts);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("local adapter: the real job script hands the values to the agent command unchanged and runs none of them", async () => {
    const out = path.join(dir, "agent-saw");
    // A stand-in for bun: records its arguments and the server address it was given.
    const stub = path.join(dir, "bun-stub");
    fs.writeFileSync(
      stub,
      `#!${BASH}\nprintf '%s\\0' "$@" > '${out}.argv'\nprintf '%s' "$AIFC_SERVER_ADDR" > '${out}.env'\n`,
      { mode: 0o755 },
    );
    const slurm = new LocalSlurm({
      jobsDir: path.join(dir, "jobs"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      graceMs: 200,
    });
    try {
      const service = serviceOver(slurm, { projectDir: dir, bunPath: stub });
      const spec = hostileSpec(marker);
      expect((await service.post("/api/v1/client-group/8", spec)).status).toBe(201);
      const deadline = Date.now() + 15_000;
      while (!fs.existsSync(`${out}.env`) && Date.now() < deadline) await Bun.sleep(50);
      const argv = fs.readFileSync(`${out}.argv`, "utf8").split("\0").slice(0, -1);
      expect(argv).toEqual([
        "handlers/agent/main.ts",
        "2",
        spec.target.base_url,
        "http://127.0.0.1:8001",
        "8",
      ]);
      expect(fs.readFileSync(`${out}.env`, "utf8")).toBe(spec.target.base_url);
      expect(fs.existsSync(marker)).toBe(false);
      expect(fs.readdirSync(dir).filter((name) => name.includes("pwned"))).toEqual([]);
    } finally {
      await slurm.close();
    }
  });

  test("only the command runner and the local adapter start processes, and never through a shell string", () => {
    const SPAWNS =
      /\bBun\.spawn(Sync)?\b|\bBun\.\$|node:child_process|require\(["']child_process|\bexecSync\b|\bexecFile\b/;
    const code = (file: string) =>
      fs
        .readFileSync(path.join(PROJECT_ROOT, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
    const sources = new Bun.Glob("{core,handlers,mock-ai,slurm}/**/*.ts").scanSync(PROJECT_ROOT);
    const spawning = [...sources].filter((file) => SPAWNS.test(code(file))).sort();
    expect(spawning).toEqual(["slurm/command-runner.ts", "slurm/local.ts"]);
    const runner = code("slurm/command-runner.ts");
    expect(runner.match(/Bun\.spawn\(/g)).toEqual(["Bun.spawn("]);
    expect(runner).toContain("Bun.spawn([...argv], {");
    const local = code("slurm/local.ts");
    expect(local.match(/\bspawn\(/g)).toEqual(["spawn("]);
    // bash runs a fixed wrapper; the job file and task index are its arguments, not its text.
    expect(local).toContain('spawn("bash", ["-c", TASK_WRAPPER, jobFile, String(task)], {');
    expect(local).toMatch(/const TASK_WRAPPER = '[^'$`]*"\$0"[^']*';/);
    for (const text of [runner, local]) expect(text).not.toMatch(/shell:\s*true/);
  });
});
