import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JOB_SCRIPT } from "../../../slurm/job-script.ts";

const DEF_FILE = path.resolve(import.meta.dir, "../../../slurm/aifc-agent.def");
const BASH = Bun.which("bash") ?? "/bin/bash";
const HOSTILE = "a b; touch pwned $(touch pwned2) `touch pwned3` \"q\" 'q' |\nx";

/** The .def file's header lines and its `%section` bodies, as Apptainer splits them. */
function readDefinition(text: string) {
  const header: string[] = [];
  const sections: Record<string, string[]> = {};
  let current: string[] = header;
  for (const line of text.split("\n")) {
    const section = /^%(\w+)\s*$/.exec(line);
    if (section) {
      current = sections[section[1] as string] = [];
    } else {
      current.push(line);
    }
  }
  return { header, sections, body: (name: string) => (sections[name] ?? []).join("\n").trim() };
}

const definition = readDefinition(fs.readFileSync(DEF_FILE, "utf8"));

let dir: string;
let bin: string;

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aifc-container-")));
  bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeProgram(name: string, body: string) {
  fs.writeFileSync(path.join(bin, name), `#!${BASH}\n${body}\n`, { mode: 0o755 });
}

describe("the Apptainer definition", () => {
  test("says at the top that Apptainer is not available on the dev machines", () => {
    const comments = definition.header.filter((line) => line.startsWith("#")).join("\n");
    expect(comments).toContain("Apptainer is NOT available on the project's Debian 12");
    expect(comments).toContain("apptainer build aifc-agent.sif slurm/aifc-agent.def");
  });

  test("builds from the official Bun image and installs production dependencies", () => {
    const header = definition.header.filter((line) => !line.startsWith("#") && line.trim() !== "");
    expect(header).toEqual(["Bootstrap: docker", "From: oven/bun:1"]);
    expect(definition.body("post")).toContain("bun install --production");
  });

  test("copies every folder the agent imports, and the lock file, into /opt/aifc", () => {
    const files = definition
      .body("files")
      .split("\n")
      .map((line) => line.trim().split(/\s+/));
    for (const source of ["package.json", "package-lock.json", "core", "handlers", "slurm"]) {
      expect(files).toContainEqual([source, `/opt/aifc/${source}`]);
      expect(fs.existsSync(path.resolve(import.meta.dir, "../../..", source))).toBe(true);
    }
  });

  test("its runscript starts the agent with the arguments intact when the first is 'agent'", () => {
    writeProgram("bun", `printf '%s\\0' "$@" > '${dir}/printed'`);
    const runscript = path.join(dir, "runscript");
    fs.writeFileSync(runscript, definition.body("runscript"));
    const run = spawnSync(BASH, [runscript, "agent", "8", HOSTILE, "http://head:8001", "42"], {
      cwd: dir,
      env: { PATH: bin },
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "printed"), "utf8").split("\0").slice(0, -1)).toEqual([
      "/opt/aifc/handlers/agent/main.ts",
      "8",
      HOSTILE,
      "http://head:8001",
      "42",
    ]);
    const usage = spawnSync(BASH, [runscript, "serve"], { env: { PATH: bin }, encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage: apptainer run aifc-agent.sif agent");
  });

  test("a job with AIFC_CONTAINER_IMAGE reaches the agent through apptainer run with the four arguments intact", () => {
    // A stand-in apptainer that does what `apptainer run <image> ...` does: runs the runscript.
    const runscript = path.join(dir, "runscript");
    fs.writeFileSync(runscript, definition.body("runscript"));
    writeProgram(
      "apptainer",
      `printf '%s\\0' "$@" > '${dir}/apptainer-argv'\n[ "$1" = run ] && shift 2 && exec ${BASH} '${runscript}' "$@"`,
    );
    writeProgram("bun", `printf '%s\\0' "$@" > '${dir}/printed'`);
    const job = path.join(dir, "job.sh");
    fs.writeFileSync(job, JOB_SCRIPT);
    const run = spawnSync(BASH, [job], {
      cwd: dir,
      encoding: "utf8",
      env: {
        PATH: bin,
        AIFC_PROJECT_DIR: dir,
        AIFC_CONTAINER_IMAGE: "/images/aifc agent.sif",
        AIFC_NUM_CLIENTS: "8",
        AIFC_SERVER_ADDR: HOSTILE,
        AIFC_SERVICE_ADDR: "http://head:8001",
        AIFC_BENCHMARK_ID: "42",
      },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const read = (file: string) =>
      fs.readFileSync(path.join(dir, file), "utf8").split("\0").slice(0, -1);
    expect(read("apptainer-argv")).toEqual([
      "run",
      "/images/aifc agent.sif",
      "agent",
      "8",
      HOSTILE,
      "http://head:8001",
      "42",
    ]);
    expect(read("printed")).toEqual([
      "/opt/aifc/handlers/agent/main.ts",
      "8",
      HOSTILE,
      "http://head:8001",
      "42",
    ]);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("pwned"))).toEqual([]);
  });
});
