import { describe, expect, test } from "bun:test";
import {
  openAiEndpoint,
  openAiRequestBody,
  readResponseBody,
  readStreamChunk,
} from "../../../core/loadgen/openai-request.ts";

const ask = { model: "m", prompt: "hi", max_tokens: 7, temperature: 0.5, stream: true };

describe("openAiRequestBody", () => {
  test("a streaming completions request asks for usage", () => {
    expect(openAiRequestBody("completions", ask)).toEqual({
      model: "m",
      prompt: "hi",
      max_tokens: 7,
      temperature: 0.5,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test("a chat request carries the prompt as one user message", () => {
    expect(openAiRequestBody("chat", { ...ask, stream: false })).toEqual({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 7,
      temperature: 0.5,
      stream: false,
    });
  });
});

describe("openAiEndpoint", () => {
  test("adds /v1 to a server root and not to a base that already has it", () => {
    expect(openAiEndpoint("http://h:8000", "completions")).toBe("http://h:8000/v1/completions");
    expect(openAiEndpoint("http://h:8000/", "chat")).toBe("http://h:8000/v1/chat/completions");
    expect(openAiEndpoint("http://h:8000/v1/", "chat")).toBe("http://h:8000/v1/chat/completions");
  });
});

describe("reading answers", () => {
  test("a full completions body gives its text, usage and finish", () => {
    const body = {
      choices: [{ text: "Hello", finish_reason: "length" }],
      usage: { prompt_tokens: 4, completion_tokens: 9, total_tokens: 13 },
    };
    expect(readResponseBody("completions", body)).toEqual({
      text: "Hello",
      usage: { prompt_tokens: 4, completion_tokens: 9 },
      finished: true,
      error: null,
    });
  });

  test("a full chat body reads message.content", () => {
    const body = { choices: [{ message: { role: "assistant", content: "Hi!" } }] };
    expect(readResponseBody("chat", body)?.text).toBe("Hi!");
    expect(readResponseBody("chat", body)?.usage).toBeNull();
  });

  test("a chat stream chunk reads delta.content; a role-only delta has no text", () => {
    expect(readStreamChunk("chat", { choices: [{ delta: { content: "x" } }] })?.text).toBe("x");
    expect(readStreamChunk("chat", { choices: [{ delta: { role: "assistant" } }] })?.text).toBe("");
  });

  test("the usage chunk has no choices and only usage", () => {
    const chunk = { choices: [], usage: { prompt_tokens: 2, completion_tokens: 5 } };
    expect(readStreamChunk("completions", chunk)).toEqual({
      text: "",
      usage: { prompt_tokens: 2, completion_tokens: 5 },
      finished: false,
      error: null,
    });
  });

  test("an error object is reported, and a body that is not an object is null", () => {
    expect(readStreamChunk("completions", { error: { message: "overloaded" } })?.error).toBe(
      "overloaded",
    );
    expect(readResponseBody("completions", [1, 2])).toBeNull();
    expect(readResponseBody("completions", "text")).toBeNull();
  });
});
