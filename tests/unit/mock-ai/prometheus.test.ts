import { describe, expect, test } from "bun:test";
import { createMockAi } from "../../../mock-ai/create-mock-ai.ts";

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$/;

/** Parses the Prometheus text format strictly: every line a comment or `name{labels} value`. */
function parsePrometheus(text: string) {
  const samples: { name: string; labels: string; value: number }[] = [];
  const types = new Map<string, string>();
  for (const line of text.trimEnd().split("\n")) {
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice("# TYPE ".length).split(" ");
      types.set(name ?? "", type ?? "");
      continue;
    }
    if (line.startsWith("# HELP ")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const value = Number(match[3] === "+Inf" ? Infinity : match[3]);
    if (Number.isNaN(value)) throw new Error(`not a number: ${line}`);
    samples.push({ name: match[1] ?? "", labels: match[2] ?? "", value });
  }
  return { samples, types };
}

describe("mock-ai /metrics", () => {
  test("answers vLLM-named metrics in the Prometheus text format that add up", async () => {
    const { app } = createMockAi({ ttftMs: 0, itlMs: 0, model: 'odd "name"' });
    for (const maxTokens of [2, 3]) {
      await app.request("/v1/completions", {
        method: "POST",
        body: JSON.stringify({ model: "m", prompt: "a b c", max_tokens: maxTokens }),
      });
    }
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    const { samples, types } = parsePrometheus(await res.text());
    const value = (name: string) => samples.find((s) => s.name === name)?.value;

    expect(types.get("vllm:num_requests_running")).toBe("gauge");
    expect(types.get("vllm:request_success_total")).toBe("counter");
    expect(types.get("vllm:e2e_request_latency_seconds")).toBe("histogram");
    expect(value("vllm:num_requests_running")).toBe(0);
    expect(value("vllm:request_success_total")).toBe(2);
    expect(value("vllm:prompt_tokens_total")).toBe(6);
    expect(value("vllm:generation_tokens_total")).toBe(5);
    expect(value("vllm:e2e_request_latency_seconds_count")).toBe(2);
    expect(value("vllm:e2e_request_latency_seconds_sum")).toBeGreaterThanOrEqual(0);
    expect(samples[0]?.labels).toBe('{model_name="odd \\"name\\""}');

    const buckets = samples.filter((s) => s.name === "vllm:e2e_request_latency_seconds_bucket");
    expect(buckets.at(-1)?.labels).toContain('le="+Inf"');
    expect(buckets.at(-1)?.value).toBe(2);
    const counts = buckets.map((b) => b.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
