import { afterEach, describe, expect, test } from "bun:test";
import { resolveRequestTarget } from "../../../core/loadgen/request-target.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";

type Seen = { method: string; path: string; body: unknown; headers: Headers };

function aifServer(answer: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const entry = {
        method: request.method,
        path: new URL(request.url).pathname,
        body: await request.json().catch(() => null),
        headers: request.headers,
      };
      seen.push(entry);
      return answer(entry);
    },
  });
  return { seen, server, base: `http://127.0.0.1:${server.port}` };
}

let stopServer: (() => void) | null = null;
afterEach(() => {
  stopServer?.();
  stopServer = null;
});

describe("resolveRequestTarget", () => {
  test("an openai target needs no call and builds chat bodies", async () => {
    const spec = LoadSpec.parse({
      target: { api: "chat", model: "llama", headers: { "x-team": "a" } },
      workload: { max_tokens: 3, stream: false },
    });
    const result = await resolveRequestTarget(fetch, "http://ai:8000", spec);
    if (!result.ok) throw new Error(result.detail);
    expect(result.target.url).toBe("http://ai:8000/v1/chat/completions");
    expect(result.target.headers).toEqual({ "x-team": "a", "content-type": "application/json" });
    expect(JSON.parse(result.target.body("hey"))).toEqual({
      model: "llama",
      messages: [{ role: "user", content: "hey" }],
      max_tokens: 3,
      temperature: 0.7,
      stream: false,
    });
  });

  test("an aif-server target creates the vLLM service once and prompts it", async () => {
    const world = aifServer(() =>
      Response.json({ id: "svc-9", status: "starting" }, { status: 201 }),
    );
    stopServer = () => world.server.stop(true);
    const spec = LoadSpec.parse({ target: { kind: "aif-server", model: "qwen" } });
    const result = await resolveRequestTarget(fetch, world.base, spec);
    if (!result.ok) throw new Error(result.detail);
    expect(world.seen).toHaveLength(1);
    expect(world.seen[0]?.path).toBe("/api/v1/services");
    expect(world.seen[0]?.body).toEqual({
      recipe_name: "inference/vllm",
      config: { model: "qwen" },
    });
    expect(result.target.url).toBe(`${world.base}/api/v1/vllm/svc-9/prompt`);
    expect(result.target.api).toBe("completions");
    expect(JSON.parse(result.target.body("p"))).toEqual({
      prompt: "p",
      max_tokens: 500,
      temperature: 0.7,
      stream: true,
    });
  });

  test("a given service_id is prompted without creating anything", async () => {
    const spec = LoadSpec.parse({ target: { kind: "aif-server", service_id: "abc" } });
    const result = await resolveRequestTarget(fetch, "http://aif:9/", spec);
    if (!result.ok) throw new Error(result.detail);
    expect(result.target.url).toBe("http://aif:9/api/v1/vllm/abc/prompt");
  });

  test("a refused service creation is a sentence naming the status", async () => {
    const world = aifServer(() => Response.json({ detail: "no such recipe" }, { status: 400 }));
    stopServer = () => world.server.stop(true);
    const spec = LoadSpec.parse({ target: { kind: "aif-server" } });
    const result = await resolveRequestTarget(fetch, world.base, spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toContain("HTTP 400");
  });
});
