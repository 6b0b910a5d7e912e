/**
 * A tiny OpenAI-compatible server for tests: streams `tokens` pieces with known delays, or
 * misbehaves on purpose (`mode`). Listens on 127.0.0.1 with an OS-chosen port.
 */
export type TinyMode = "ok" | "no-usage" | "cut" | "invalid" | "hang" | { status: number };

export type TinyOptions = {
  ttftMs?: number;
  itlMs?: number;
  tokens?: number;
  mode?: TinyMode;
};

const encoder = new TextEncoder();

export function startTinyAiServer(options: TinyOptions = {}) {
  const state = {
    mode: options.mode ?? ("ok" as TinyMode),
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    bodies: [] as Array<Record<string, unknown>>,
    paths: [] as string[],
  };
  const ttft = options.ttftMs ?? 0;
  const itl = options.itlMs ?? 0;
  const tokens = options.tokens ?? 3;

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 30,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
      state.requests += 1;
      state.bodies.push(body);
      state.paths.push(path);
      const mode = state.mode;
      if (typeof mode === "object") {
        return Response.json(
          { error: { message: `status ${mode.status}` } },
          { status: mode.status },
        );
      }
      if (mode === "hang") {
        await Bun.sleep(5000);
        return new Response("late");
      }
      const chat = path.endsWith("/chat/completions");
      const piece = (i: number) =>
        chat
          ? { choices: [{ index: 0, delta: { content: `t${i} ` } }] }
          : { choices: [{ index: 0, text: `t${i} ` }] };
      const usage = { prompt_tokens: 11, completion_tokens: tokens, total_tokens: 11 + tokens };
      if (!body.stream) {
        await Bun.sleep(ttft);
        if (mode === "invalid") return new Response("this is not json", { status: 200 });
        const text = Array.from({ length: tokens }, (_, i) => `t${i} `).join("");
        const choice = chat ? { message: { role: "assistant", content: text } } : { text };
        return Response.json({
          choices: [{ index: 0, ...choice, finish_reason: "length" }],
          ...(mode === "no-usage" ? {} : { usage }),
        });
      }
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      const stream = new ReadableStream({
        async start(controller) {
          const send = (payload: unknown) =>
            controller.enqueue(
              encoder.encode(
                `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`,
              ),
            );
          try {
            await Bun.sleep(ttft);
            if (mode === "invalid") {
              send("{not json");
              return;
            }
            for (let i = 0; i < tokens; i += 1) {
              if (i > 0) await Bun.sleep(itl);
              send(piece(i));
              if (mode === "cut" && i === 1) return;
            }
            send({ choices: [{ index: 0, text: "", finish_reason: "length" }] });
            if (mode !== "no-usage" && body.stream_options) send({ choices: [], usage });
            send("[DONE]");
          } finally {
            state.inFlight -= 1;
            controller.close();
          }
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    },
  });
  return {
    state,
    server,
    baseUrl: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(true),
  };
}

/** A port nothing listens on: a server is started there and stopped at once. */
export function closedPort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const port = server.port as number;
  server.stop(true);
  return port;
}

/** A raw TCP server that starts a chunked SSE answer and then resets the connection. */
export function startResettingServer() {
  const listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        const event = 'data: {"choices":[{"text":"a"}]}\n\n';
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n${event.length.toString(16)}\r\n${event}\r\n`,
        );
        setTimeout(() => socket.terminate(), 30);
      },
    },
  });
  return { baseUrl: `http://127.0.0.1:${listener.port}`, stop: () => listener.stop(true) };
}
