import { Database } from "bun:sqlite";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { plugin } from "bun";
import { manualClock } from "../../core/clock.ts";
import { memoryLogger } from "../../core/log.ts";
import { FakeSlurm } from "../../slurm/fake.ts";
import { createServiceApp } from "../service/index.ts";
import { wireService } from "../service/wire-service.ts";

/** Where the generated client types live, relative to the project. */
export const SERVICE_API_FILE = resolve(import.meta.dir, "../../core/api-client/service-api.ts");

const HEADER = `// Generated from the Client Service's /openapi.json by openapi-typescript: do not edit.
// Regenerate with \`bun run gen:client\` after changing a route or a schema.

`;

/**
 * The service's OpenAPI 3.1 document, exactly as `/openapi.json` serves it, from an app built in
 * memory over fakes (no database file, no Slurm, no network).
 */
export async function serviceOpenApiDocument(): Promise<Record<string, unknown>> {
  const deps = wireService({
    db: new Database(":memory:"),
    slurm: new FakeSlurm(),
    clock: manualClock(),
    log: memoryLogger().logger,
    fetch: (() =>
      Promise.reject(new Error("no network while generating"))) as unknown as typeof fetch,
    recordsDir: join(tmpdir(), "aifc-generate-client"),
    settings: {
      serverAddr: "http://127.0.0.1:8000",
      serviceAddr: "http://127.0.0.1:8001",
      projectDir: ".",
      bunPath: "bun",
      containerImage: null,
      agentAuth: true,
      queueAllowanceS: 3600,
      registrationDeadlineS: 300,
    },
  });
  const response = await createServiceApp(deps).request("/openapi.json");
  return (await response.json()) as Record<string, unknown>;
}

let compilerApiLoaded = false;

/**
 * openapi-typescript builds its output with the TypeScript compiler's JavaScript API, which the
 * project's TypeScript 7 (a native binary) no longer ships; `typescript-api` is TypeScript 5 under
 * another name, and this loads it wherever openapi-typescript imports `typescript`.
 */
function useTypescriptCompilerApi(): void {
  if (compilerApiLoaded) return;
  compilerApiLoaded = true;
  const require = createRequire(import.meta.path);
  const typescript7 = require.resolve("typescript");
  const typescript5 = require.resolve("typescript-api");
  const escaped = typescript7.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  plugin({
    name: "typescript compiler API for openapi-typescript",
    setup(build) {
      build.onLoad({ filter: new RegExp(`^${escaped}$`) }, () => ({
        contents: `export { default } from ${JSON.stringify(typescript5)};`,
        loader: "js",
      }));
    },
  });
}

/** The text of `core/api-client/service-api.ts` for the service as it is now. */
export async function generateServiceApi(): Promise<string> {
  useTypescriptCompilerApi();
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const document = await serviceOpenApiDocument();
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

if (import.meta.main) {
  const text = await generateServiceApi();
  await Bun.write(SERVICE_API_FILE, text);
  console.log(`wrote ${SERVICE_API_FILE} (${text.length} characters)`);
}
