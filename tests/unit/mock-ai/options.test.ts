import { describe, expect, test } from "bun:test";
import { mockAiOptions, parseMockAiArgs } from "../../../mock-ai/options.ts";

describe("mock-ai options", () => {
  test("with no flags and no environment every option has its documented default", () => {
    expect(parseMockAiArgs([], {})).toEqual({
      ok: true,
      options: {
        port: 8000,
        host: "127.0.0.1",
        model: "mock-model",
        ttftMs: 20,
        itlMs: 5,
        jitterMs: 0,
        outputTokens: undefined,
        errorRate: 0,
        rate429: 0,
        retryAfterS: 1,
        abortRate: 0,
        stallRate: 0,
        stallMs: 1000,
        seed: 42,
      },
    });
  });

  test("flags in both spellings override MOCK_AI_ variables, which override defaults", () => {
    const parsed = parseMockAiArgs(["--ttft-ms=7", "--output-tokens", "3", "--host", "::1"], {
      MOCK_AI_TTFT_MS: "9",
      MOCK_AI_ITL_MS: "1.5",
      MOCK_AI_ERROR_RATE: "0.25",
      MOCK_AI_MODEL: "llama",
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.options).toMatchObject({
      ttftMs: 7,
      itlMs: 1.5,
      outputTokens: 3,
      errorRate: 0.25,
      host: "::1",
      model: "llama",
    });
  });

  test("the fault flags read as --rate-429, --abort-rate, --stall-rate and --stall-ms", () => {
    const parsed = parseMockAiArgs(
      ["--rate-429", "0.5", "--abort-rate=0.25", "--stall-rate", "1", "--retry-after-s", "3"],
      { MOCK_AI_STALL_MS: "250", MOCK_AI_RATE_429: "0.9" },
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.options).toMatchObject({
      rate429: 0.5,
      abortRate: 0.25,
      stallRate: 1,
      stallMs: 250,
      retryAfterS: 3,
    });
    const bad = parseMockAiArgs(["--rate-429", "1.5"], {});
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.error).toContain("--rate-429 (MOCK_AI_RATE_429)");
  });

  test("a blank environment variable counts as unset", () => {
    const parsed = parseMockAiArgs([], { MOCK_AI_SEED: "", MOCK_AI_OUTPUT_TOKENS: " " });
    expect(parsed).toMatchObject({ ok: true, options: { seed: 42, outputTokens: undefined } });
  });

  test("a bad value is refused with a sentence naming the flag and the variable", () => {
    const parsed = parseMockAiArgs(["--error-rate", "2"], { MOCK_AI_PORT: "abc" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain("--error-rate (MOCK_AI_ERROR_RATE)");
    expect(parsed.error).toContain("--port (MOCK_AI_PORT)");
    expect(parsed.error).toContain('"abc"');
  });

  test("an unknown flag or a flag without its value is refused", () => {
    expect(parseMockAiArgs(["--ttft", "5"], {})).toMatchObject({ ok: false, help: false });
    expect(parseMockAiArgs(["--seed"], {})).toMatchObject({
      ok: false,
      error: "--seed needs a value",
    });
  });

  test("--help answers the usage, which lists every flag", () => {
    const parsed = parseMockAiArgs(["--help"], {});
    expect(parsed).toMatchObject({ ok: false, help: true });
    if (parsed.ok) return;
    for (const flag of [
      "--port",
      "--ttft-ms",
      "--itl-ms",
      "--jitter-ms",
      "--output-tokens",
      "--rate-429",
      "--abort-rate",
      "--stall-rate",
      "--stall-ms",
    ]) {
      expect(parsed.error).toContain(flag);
    }
  });

  test("options given in code take defaults for the rest and refuse nonsense", () => {
    expect(mockAiOptions({ ttftMs: 0 })).toMatchObject({ ttftMs: 0, itlMs: 5, seed: 42 });
    expect(() => mockAiOptions({ errorRate: -1 })).toThrow("errorRate");
  });
});
