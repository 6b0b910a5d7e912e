import { createMockAi } from "./create-mock-ai.ts";
import { parseMockAiArgs } from "./options.ts";

const parsed = parseMockAiArgs(Bun.argv.slice(2), process.env);
if (!parsed.ok) {
  (parsed.help ? console.log : console.error)(parsed.error);
  process.exit(parsed.help ? 0 : 2);
}
const { app, options } = createMockAi(parsed.options);
function listen() {
  try {
    return Bun.serve({
      fetch: app.fetch,
      port: options.port,
      hostname: options.host,
      // Bun's default of 10 s would cut a slow stream whose tokens are further apart.
      idleTimeout: 255,
    });
  } catch (err) {
    console.error(
      `mock-ai cannot listen on ${options.host}:${options.port} (${String(err)}); pick another --port or --host`,
    );
    process.exit(1);
  }
}
const server = listen();
const host = options.host.includes(":") ? `[${options.host}]` : options.host;
// Tests and the service read this exact line to learn the port.
console.log(`mock-ai listening on http://${host}:${server.port}`);

const stop = () => {
  server.stop(true);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
