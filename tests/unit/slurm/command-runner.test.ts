import { describe, expect, test } from "bun:test";
import { spawnRunner } from "../../../slurm/command-runner.ts";

describe("spawnRunner", () => {
  test("runs an argv without a shell: stdin and arguments stay data", async () => {
    const run = spawnRunner();
    const text = "hello $(touch pwned) `id` ; | >\n";
    expect(await run(["cat"], { stdin: text, env: { PATH: "/usr/bin:/bin" } })).toEqual({
      code: 0,
      stdout: text,
      stderr: "",
    });
    const echoed = await run(["printf", "%s|", "a b", "$(id)"], { env: { PATH: "/usr/bin:/bin" } });
    expect(echoed.stdout).toBe("a b|$(id)|");
  });

  test("passes exactly the environment it is given", async () => {
    const result = await spawnRunner()(["env"], { env: { PATH: "/usr/bin:/bin", ONLY: "this" } });
    expect(result.stdout.trim().split("\n").sort()).toEqual(["ONLY=this", "PATH=/usr/bin:/bin"]);
  });

  test("a command that runs too long is stopped and reported as failed", async () => {
    const result = await spawnRunner(200)(["sleep", "5"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe("sleep was stopped after 200 ms (SIGTERM)");
  });

  test("a missing binary rejects instead of returning a result", async () => {
    await expect(spawnRunner()(["aifc-no-such-command"])).rejects.toThrow("aifc-no-such-command");
  });
});
