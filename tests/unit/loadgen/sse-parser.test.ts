import { describe, expect, test } from "bun:test";
import { createSseParser, SSE_DONE } from "../../../core/loadgen/sse-parser.ts";

const STREAM = [
  ": keep-alive comment",
  "",
  'data: {"choices":[{"text":"Hel"}]}',
  "",
  "event: message",
  'data: {"choices":[{"text":"lo ü€"}]}',
  "id: 7",
  "",
  "data: first line",
  "data: second line",
  "",
  'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}',
  "",
  "data: [DONE]",
  "",
  "",
].join("\n");

const EXPECTED = [
  '{"choices":[{"text":"Hel"}]}',
  '{"choices":[{"text":"lo ü€"}]}',
  "first line\nsecond line",
  '{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}',
  SSE_DONE,
];

function parseInPieces(pieces: Array<Uint8Array | string>): string[] {
  const parser = createSseParser();
  const out: string[] = [];
  for (const piece of pieces) out.push(...parser.push(piece));
  out.push(...parser.end());
  return out;
}

describe("createSseParser", () => {
  test("a whole stream gives every data payload, comments and other fields skipped", () => {
    expect(parseInPieces([STREAM])).toEqual(EXPECTED);
  });

  test("splitting the bytes at every offset gives the same payloads", () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      expect(parseInPieces([bytes.slice(0, cut), bytes.slice(cut)])).toEqual(EXPECTED);
    }
  });

  test("one byte at a time, including inside multi-byte characters", () => {
    const bytes = new TextEncoder().encode(STREAM);
    const pieces = Array.from(bytes, (_, i) => bytes.slice(i, i + 1));
    expect(parseInPieces(pieces)).toEqual(EXPECTED);
  });

  test("CRLF line ends, split at every offset, including between CR and LF", () => {
    const crlf = STREAM.replaceAll("\n", "\r\n");
    for (let cut = 0; cut <= crlf.length; cut += 1) {
      expect(parseInPieces([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(EXPECTED);
    }
  });

  test("bare CR line ends work too", () => {
    expect(parseInPieces([STREAM.replaceAll("\n", "\r")])).toEqual(EXPECTED);
  });

  test("data without a space after the colon, and a bare `data` field", () => {
    expect(parseInPieces(["data:x\n\ndata\n\n"])).toEqual(["x", ""]);
  });

  test("an event without data and a comment-only block give nothing", () => {
    expect(parseInPieces(["event: ping\n\n: hello\n\nretry: 10\n\n"])).toEqual([]);
  });

  test("payloads come out as soon as their blank line arrives", () => {
    const parser = createSseParser();
    expect(parser.push("data: a\n")).toEqual([]);
    expect(parser.push("\n")).toEqual(["a"]);
    expect(parser.push("data: b\n\ndata: c")).toEqual(["b"]);
    expect(parser.push("\n\n")).toEqual(["c"]);
  });

  test("a last event missing only its blank line is still reported at the end", () => {
    expect(parseInPieces(["data: a\n\ndata: [DONE]\n"])).toEqual(["a", SSE_DONE]);
  });

  test("a body cut inside a line drops that event instead of giving half a payload", () => {
    expect(parseInPieces(['data: a\n\ndata: {"choi'])).toEqual(["a"]);
  });

  test("garbage lines are ignored and do not break later events", () => {
    const garbage = "\u0000\u0001 not a field\nxyz: 1\n\ndata: ok\n\n";
    expect(parseInPieces([garbage])).toEqual(["ok"]);
  });

  test("a large stream in big chunks parses quickly", () => {
    const event = 'data: {"choices":[{"text":"token"}]}\n\n';
    const body = event.repeat(200_000);
    const started = performance.now();
    const out = parseInPieces([body.slice(0, body.length / 2), body.slice(body.length / 2)]);
    const elapsed = performance.now() - started;
    expect(out.length).toBe(200_000);
    expect(elapsed).toBeLessThan(2000);
  });
});
