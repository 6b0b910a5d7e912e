import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseSlurmConfig, readSlurmConfigFile } from "../../../core/config/slurm-config.ts";

const FILE = `# MeluXina, GPU partition
url=http://slurm-head:6820
user_name=u100123
api_ver=v0.0.40

account=p200117
partition = gpu
qos=short
mem=4g
cpus_per_task=8
tasks_per_node=1
time_limit=120
output=/project/scratch/aifc-%j.out
workdir=/project/scratch
jwt=aaa.bbb.ccc
`;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aifc-slurm-config-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Slurm config file", () => {
  test("key=value lines with comments, blank lines and spaces around = are read and checked", () => {
    expect(parseSlurmConfig(FILE, {})).toEqual({
      url: "http://slurm-head:6820",
      user_name: "u100123",
      api_ver: "v0.0.40",
      account: "p200117",
      partition: "gpu",
      qos: "short",
      mem: "4G",
      cpus_per_task: 8,
      tasks_per_node: 1,
      time_limit: 120,
      output: "/project/scratch/aifc-%j.out",
      workdir: "/project/scratch",
      jwt: "aaa.bbb.ccc",
    });
  });

  test("a value may hold '=' (everything after the first one is the value)", () => {
    expect(parseSlurmConfig("output=/scratch/run=1/%j.out", {}).output).toBe(
      "/scratch/run=1/%j.out",
    );
  });

  test("the environment wins over the file: AIFC_SLURM_<KEY>, and SLURM_JWT for the token", () => {
    const config = parseSlurmConfig(FILE, {
      AIFC_SLURM_PARTITION: "cpu",
      AIFC_SLURM_URL: "http://other:6820",
      SLURM_JWT: "xxx.yyy.zzz",
      AIFC_SLURM_MEM: "",
    });
    expect(config).toMatchObject({
      partition: "cpu",
      url: "http://other:6820",
      jwt: "xxx.yyy.zzz",
      mem: "4G",
    });
  });

  test("a bad value names the file, the line and the key", () => {
    const text = "url=http://head:6820\n# memory\n\nmem=lots\n";
    expect(() => parseSlurmConfig(text, {}, "slurm.conf")).toThrow(
      "slurm.conf line 4: mem: expected a size such as 4G",
    );
    expect(() => parseSlurmConfig("api_ver=0.0.38", {}, "slurm.conf")).toThrow(
      "slurm.conf line 1: api_ver: expected an API version such as v0.0.38",
    );
    expect(() => parseSlurmConfig("cpus_per_task=0", {}, "slurm.conf")).toThrow(
      "slurm.conf line 1: cpus_per_task: expected a whole number from 1",
    );
    expect(() => parseSlurmConfig("partition=gpu;rm -rf /", {}, "slurm.conf")).toThrow(
      "slurm.conf line 1: partition: expected a Slurm name such as my_account",
    );
    expect(() => parseSlurmConfig("workdir=scratch", {}, "slurm.conf")).toThrow(
      "slurm.conf line 1: workdir: expected an absolute path",
    );
  });

  test("unknown keys, lines without '=' and keys set twice are errors with the line", () => {
    expect(() => parseSlurmConfig("\nnodes_per_task=2", {}, "slurm.conf")).toThrow(
      'slurm.conf line 2: unknown key "nodes_per_task" (known: url, user_name',
    );
    expect(() => parseSlurmConfig("just words", {}, "slurm.conf")).toThrow(
      'slurm.conf line 1: expected key=value, got "just words"',
    );
    expect(() => parseSlurmConfig("qos=a\nqos=b", {}, "slurm.conf")).toThrow(
      "slurm.conf line 2: qos is already set on line 1",
    );
  });

  test("a bad environment value names the variable", () => {
    expect(() => parseSlurmConfig("", { AIFC_SLURM_URL: "head:6820" })).toThrow(
      "AIFC_SLURM_URL: url: expected an http(s) URL",
    );
  });

  test("a file is read by path and errors name it; a missing file says so", () => {
    const file = path.join(dir, "cluster.conf");
    fs.writeFileSync(file, "url=http://head:6820\ntime_limit=soon\n");
    expect(() => readSlurmConfigFile(file, {})).toThrow(
      "cluster.conf line 2: time_limit: expected a whole number",
    );
    expect(() => readSlurmConfigFile(path.join(dir, "missing.conf"), {})).toThrow(
      `Cannot read the Slurm config file ${path.join(dir, "missing.conf")}: ENOENT`,
    );
  });
});
