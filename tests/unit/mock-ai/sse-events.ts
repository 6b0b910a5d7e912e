/** One server-sent event as a test client saw it: its data and when it arrived (performance.now). */
export type SseEvent = { data: string; at: number };

/** Reads a whole SSE body, noting when each event arrived, as a benchmark client would. */
export async function readSseEvents(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body?.getReader();
  if (!reader) throw new Error("response has no body");
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const at = performance.now();
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!event.startsWith("data: ")) throw new Error(`not an SSE data event: ${event}`);
      events.push({ data: event.slice("data: ".length), at });
      end = buffer.indexOf("\n\n");
    }
  }
  if (buffer !== "") throw new Error(`stream ended inside an event: ${buffer}`);
  return events;
}

/** The JSON chunks of a stream, without the final `[DONE]`. */
export const jsonChunks = (events: SseEvent[]) =>
  events.filter((e) => e.data !== "[DONE]").map((e) => JSON.parse(e.data));

/** POSTs a JSON body to a path of `base` (a URL or a Hono app's `request`). */
export function postJson(base: string, path: string, body: unknown, signal?: AbortSignal) {
  return fetch(new URL(path, base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

/** A JSON body typed as the caller expects; the assertions that follow check it really is. */
export const jsonOf = <T>(res: Response) => res.json() as Promise<T>;
