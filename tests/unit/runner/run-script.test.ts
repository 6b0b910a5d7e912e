import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../../..");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  const child = Bun.spawn(argv, {
    cwd: tmpdir(),
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...env },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, code };
}

describe("tests/run", () => {
  test("finds the project's Bun from any folder and passes its arguments on", async () => {
    const result = await run([join(ROOT, "tests/run"), "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: tests/run [mode] [options]");
    expect(result.stdout).toContain("--list-modules");
  });

  test("a bad flag stops it with status 2 and a sentence naming the flag", async () => {
    const result = await run([join(ROOT, "tests/run"), "--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--bogus");
  });

  test("without any Bun it says to run npm install", async () => {
    const copy = mkdtempSync(join(tmpdir(), "aifc-run-script-"));
    dirs.push(copy);
    mkdirSync(join(copy, "tests"));
    copyFileSync(join(ROOT, "tests/run"), join(copy, "tests/run"));
    chmodSync(join(copy, "tests/run"), 0o755);
    // A PATH with the one command the script needs besides Bun.
    const bin = join(copy, "bin");
    mkdirSync(bin);
    symlinkSync(Bun.which("dirname") as string, join(bin, "dirname"));
    const result = await run(["/bin/bash", join(copy, "tests/run"), "--help"], { PATH: bin });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain("run `npm install`");
  });
});
