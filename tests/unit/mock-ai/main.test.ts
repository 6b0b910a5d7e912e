import { describe, expect, test } from "bun:test";
import { join } from "node:path";

/** The project root, so the command is the one package.json runs whatever the test's cwd. */
const root = join(import.meta.dir, "../../..");

/** Reads a process's stdout until a line matches, so the test learns what it printed first. */
async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
    const end = text.indexOf("\n");
    if (end !== -1) return text.slice(0, end);
  }
  return text;
}

describe("bun run mock-ai", () => {
  test("prints where it listens, serves /health and stops on SIGTERM", async () => {
    const proc = Bun.spawn([process.execPath, "mock-ai/main.ts", "--port", "0"], {
      cwd: root,
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const line = await firstLine(proc.stdout);
      expect(line).toMatch(/^mock-ai listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.slice("mock-ai listening on ".length);
      const res = await fetch(`${url}/health`);
      expect(await res.json()).toEqual({ status: "ok" });
    } finally {
      proc.kill("SIGTERM");
    }
    expect(await proc.exited).toBe(0);
  });

  test("a bad flag stops it with status 2 and a sentence naming the flag", async () => {
    const proc = Bun.spawn([process.execPath, "mock-ai/main.ts", "--itl-ms", "soon"], {
      cwd: root,
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toContain("--itl-ms");
  });
});
