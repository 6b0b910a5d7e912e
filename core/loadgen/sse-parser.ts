/** The payload OpenAI-compatible servers send as the last event of a stream. */
export const SSE_DONE = "[DONE]";

const LF = 10;

export type SseParser = {
  /** Feeds the next piece of the body; returns the `data:` payloads of the events it completed. */
  push(chunk: Uint8Array | string): string[];
  /**
   * Ends the stream. An event missing only its blank line is still reported (some servers omit
   * it); one cut inside a line is dropped, so a broken body never yields half a JSON payload.
   */
  end(): string[];
};

/**
 * An incremental Server-Sent Events parser: bytes or strings in, one string per event's `data`
 * out (multi-line data joined with "\n"). Events may be split across chunks at any byte, lines may
 * end in LF, CRLF or CR, comments and other fields are skipped, and events without data are not
 * reported. `[DONE]` comes out as an ordinary payload; compare it with `SSE_DONE`.
 *
 * @example
 * const parser = createSseParser();
 * parser.push('data: {"a":1}\n\nda'); // ['{"a":1}']
 * parser.push("ta: [DONE]\n\n"); // ["[DONE]"]
 */
export function createSseParser(): SseParser {
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  // A chunk ended in CR: a LF at the start of the next one belongs to the same line break.
  let skipLeadingLf = false;
  let data: string[] = [];
  let hasData = false;

  const takeLine = (line: string, out: string[]) => {
    if (line.length === 0) {
      if (hasData) out.push(data.join("\n"));
      data = [];
      hasData = false;
      return;
    }
    if (line.charCodeAt(0) === 58 /* ":" comment */) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data") return;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* one optional space */) value = value.slice(1);
    data.push(value);
    hasData = true;
  };

  const feed = (text: string): string[] => {
    const out: string[] = [];
    const buffer = pending + text;
    let start = 0;
    if (skipLeadingLf && buffer.charCodeAt(0) === LF) start = 1;
    skipLeadingLf = false;
    // Cached next positions, so a long chunk is scanned once per terminator kind, not per line.
    let nextLf = buffer.indexOf("\n", start);
    let nextCr = buffer.indexOf("\r", start);
    while (nextLf !== -1 || nextCr !== -1) {
      const isCr = nextCr !== -1 && (nextLf === -1 || nextCr < nextLf);
      const stop = isCr ? nextCr : nextLf;
      takeLine(buffer.slice(start, stop), out);
      start = stop + 1;
      if (isCr) {
        if (start === buffer.length) skipLeadingLf = true;
        else if (buffer.charCodeAt(start) === LF) start += 1;
      }
      if (nextLf !== -1 && nextLf < start) nextLf = buffer.indexOf("\n", start);
      if (nextCr !== -1 && nextCr < start) nextCr = buffer.indexOf("\r", start);
    }
    pending = buffer.slice(start);
    return out;
  };

  return {
    push(chunk) {
      const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      return feed(text);
    },
    end() {
      const out = feed(decoder.decode());
      if (pending.length === 0 && hasData) out.push(data.join("\n"));
      pending = "";
      data = [];
      hasData = false;
      return out;
    },
  };
}
