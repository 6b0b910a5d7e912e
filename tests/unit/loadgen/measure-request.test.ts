import { afterEach, describe, expect, test } from "bun:test";
import { measureRequest } from "../../../core/loadgen/measure-request.ts";
import { resolveRequestTarget } from "../../../core/loadgen/request-target.ts";
import { LoadSpec } from "../../../core/schemas/load-spec.ts";
import {
  closedPort,
  startResettingServer,
  startTinyAiServer,
  type TinyOptions,
} from "./tiny-ai-server.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const deps = { fetch, now: () => performance.now() };

async function targetFor(baseUrl: string, spec: Record<string, unknown> = {}) {
  const result = await resolveRequestTarget(fetch, baseUrl, LoadSpec.parse(spec));
  if (!result.ok) throw new Error(result.detail);
  return result.target;
}

async function measureAgainst(
  server: TinyOptions,
  spec: Record<string, unknown> = {},
  timeoutMs = 5000,
) {
  const ai = startTinyAiServer(server);
  cleanups.push(ai.stop);
  const target = await targetFor(ai.baseUrl, spec);
  return { record: await measureRequest(deps, target, "hello", { timeoutMs }), ai };
}

describe("measureRequest on a streaming server", () => {
  test("TTFT, ITL gaps and E2E follow the server's delays; tokens come from usage", async () => {
    const { record } = await measureAgainst({ ttftMs: 80, itlMs: 40, tokens: 4 });
    expect(record.ok).toBe(true);
    expect(record.error).toBeNull();
    expect(record.status).toBe(200);
    expect(record.ttft_ms).toBeGreaterThanOrEqual(70);
    expect(record.ttft_ms).toBeLessThan(400);
    expect(record.chunk_times_ms).toHaveLength(4);
    const gaps = record.chunk_times_ms
      .slice(1)
      .map((t, i) => t - (record.chunk_times_ms[i] as number));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(30);
      expect(gap).toBeLessThan(300);
    }
    expect(record.e2e_ms).toBeGreaterThanOrEqual(record.ttft_ms as number);
    expect(record.e2e_ms).toBeGreaterThanOrEqual(190);
    expect(record.output_tokens).toBe(4);
    expect(record.output_tokens_source).toBe("usage");
    expect(record.input_tokens).toBe(11);
  });

  test("the request asks for usage in the stream", async () => {
    const { ai } = await measureAgainst({});
    expect(ai.state.bodies[0]?.stream_options).toEqual({ include_usage: true });
  });

  test("without usage the content chunks are counted, and the record says so", async () => {
    const { record } = await measureAgainst({ tokens: 5, mode: "no-usage" });
    expect(record.ok).toBe(true);
    expect(record.output_tokens).toBe(5);
    expect(record.output_tokens_source).toBe("counted");
    expect(record.input_tokens).toBe(0);
  });

  test("a chat stream is read from delta.content", async () => {
    const { record } = await measureAgainst({ tokens: 3 }, { target: { api: "chat" } });
    expect(record.ok).toBe(true);
    expect(record.chunk_times_ms).toHaveLength(3);
  });

  test("a stream cut before [DONE] is aborted_stream", async () => {
    const { record } = await measureAgainst({ tokens: 5, mode: "cut" });
    expect(record.ok).toBe(false);
    expect(record.error).toBe("aborted_stream");
    expect(record.chunk_times_ms).toHaveLength(2);
  });

  test("a connection reset mid-stream is aborted_stream", async () => {
    const raw = startResettingServer();
    cleanups.push(raw.stop);
    const record = await measureRequest(deps, await targetFor(raw.baseUrl), "x", {
      timeoutMs: 5000,
    });
    expect(record.error).toBe("aborted_stream");
    expect(record.ok).toBe(false);
  });

  test("an event that is not JSON is invalid_response", async () => {
    const { record } = await measureAgainst({ mode: "invalid" });
    expect(record.error).toBe("invalid_response");
  });
});

describe("measureRequest on a non-streaming server", () => {
  const once = { workload: { stream: false } };

  test("TTFT equals E2E and usage gives the tokens", async () => {
    const { record } = await measureAgainst({ ttftMs: 60, tokens: 6 }, once);
    expect(record.ok).toBe(true);
    expect(record.ttft_ms).toBe(record.e2e_ms);
    expect(record.e2e_ms).toBeGreaterThanOrEqual(50);
    expect(record.output_tokens).toBe(6);
    expect(record.output_tokens_source).toBe("usage");
  });

  test("a body that is not JSON is invalid_response", async () => {
    const { record } = await measureAgainst({ mode: "invalid" }, once);
    expect(record.error).toBe("invalid_response");
  });
});

describe("measureRequest error classes", () => {
  test.each([
    [429, "http_429"],
    [404, "http_4xx"],
    [400, "http_4xx"],
    [500, "http_5xx"],
    [503, "http_5xx"],
  ] as const)("HTTP %d is %s", async (status, error) => {
    const { record } = await measureAgainst({ mode: { status } });
    expect(record.ok).toBe(false);
    expect(record.status).toBe(status);
    expect(record.error).toBe(error);
  });

  test("a refused connection is connect", async () => {
    const target = await targetFor(`http://127.0.0.1:${closedPort()}`);
    const record = await measureRequest(deps, target, "x", { timeoutMs: 5000 });
    expect(record.error).toBe("connect");
    expect(record.status).toBeNull();
  });

  test("no answer within load.timeout_s is timeout, and it ends on time", async () => {
    const started = performance.now();
    const { record } = await measureAgainst({ mode: "hang" }, {}, 150);
    expect(record.error).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("a stream slower than the timeout is a timeout, not an aborted stream", async () => {
    const { record } = await measureAgainst({ ttftMs: 10, itlMs: 200, tokens: 5 }, {}, 150);
    expect(record.error).toBe("timeout");
  });

  test("the agent's own stop marks the request cancelled, not failed with a class", async () => {
    const ai = startTinyAiServer({ mode: "hang" });
    cleanups.push(ai.stop);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const record = await measureRequest(deps, await targetFor(ai.baseUrl), "x", {
      timeoutMs: 5000,
      signal: stop.signal,
    });
    expect(record.cancelled).toBe(true);
    expect(record.ok).toBe(false);
    expect(record.error).toBeNull();
  });
});
