import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { systemClock } from "../../core/clock.ts";
import {
  parseServiceArgs,
  SERVICE_USAGE,
  type ServiceConfig,
} from "../../core/config/service-config.ts";
import { parseSlurmConfig, readSlurmConfigFile } from "../../core/config/slurm-config.ts";
import { MAX_RECORDS_BYTES } from "../../core/groups/record-files.ts";
import { createLogger } from "../../core/log.ts";
import { parseObserverAllowList } from "../../core/observers/observer-allow-list.ts";
import { createMockAi } from "../../mock-ai/create-mock-ai.ts";
import { createSlurmAdapter } from "../../slurm/create-adapter.ts";
import { createServiceApp } from "./index.ts";
import { warnAboutExposure } from "./startup-warnings.ts";
import { openDatabase, wireService } from "./wire-service.ts";

const PROJECT_DIR = resolve(import.meta.dir, "../..");

/** With no AI server given, a first run on a laptop still works end to end: serve the mock. */
function startEmbeddedMockAi(): string {
  const mock = createMockAi({});
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: mock.app.fetch,
    idleTimeout: 255,
  });
  const url = `http://127.0.0.1:${server.port}`;
  console.log(`No AI server address given: started the mock AI server at ${url} and using it.`);
  return url;
}

function main(config: ServiceConfig) {
  const log = createLogger({ verbose: config.verbose });
  if (config.db !== ":memory:") mkdirSync(dirname(resolve(config.db)), { recursive: true });
  // Jobs inherit the service's environment (as sbatch --export=ALL does), minus its secrets.
  const { AIFC_API_TOKEN: _apiToken, AIFC_SECRET: _secret, ...jobEnv } = process.env;
  const slurm = createSlurmAdapter(config.slurm, {
    jobsDir: resolve(config.jobsDir),
    log,
    env: jobEnv as Record<string, string>,
    slurmConfig: config.slurmConfig
      ? readSlurmConfigFile(config.slurmConfig, process.env)
      : parseSlurmConfig("", process.env),
  });
  const host =
    config.host ?? (slurm.name === "local" || slurm.name === "fake" ? "127.0.0.1" : "0.0.0.0");
  const serverAddr = config.serverAddr ?? startEmbeddedMockAi();
  const observerAllow = parseObserverAllowList(config.observerAllow);
  if (!observerAllow.ok) throw new Error(`--observer-allow: ${observerAllow.detail}`);

  let fetchHandler: (request: Request) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  const server = Bun.serve({
    port: config.port,
    hostname: host,
    idleTimeout: 120,
    // The records upload streams up to MAX_RECORDS_BYTES; other bodies are held to --max-body-bytes by the app.
    maxRequestBodySize: MAX_RECORDS_BYTES + 1024 * 1024,
    fetch: (request) => fetchHandler(request),
  });
  const advertisedHost = host === "0.0.0.0" || host === "::" ? hostname() : host;
  const serviceAddr = config.publicUrl ?? `http://${advertisedHost}:${server.port}`;

  const deps = wireService({
    db: openDatabase(config.db),
    slurm,
    clock: systemClock,
    log,
    fetch,
    secret: config.secret,
    apiToken: config.apiToken,
    observerAllow: observerAllow.list,
    maxBodyBytes: config.maxBodyBytes,
    recordsDir: resolve(config.jobsDir, "..", "uploads", "records"),
    settings: {
      serverAddr,
      serviceAddr,
      projectDir: PROJECT_DIR,
      bunPath: process.execPath,
      containerImage: config.container ? resolve(config.containerImage) : null,
      agentAuth: config.agentAuth === "on",
      queueAllowanceS: config.queueAllowanceS,
      registrationDeadlineS: config.registrationDeadlineS,
    },
  });
  const app = createServiceApp(deps);
  fetchHandler = (request) => app.fetch(request);

  const reconcile = setInterval(
    () => void deps.reconciler.reconcileOnce(),
    config.reconcileIntervalMs,
  );
  console.log(
    `client service listening on http://${host}:${server.port} (slurm: ${slurm.name}, db: ${config.db}, AI server: ${serverAddr}, agents call ${serviceAddr})`,
  );
  warnAboutExposure(
    {
      host,
      port: server.port ?? config.port,
      apiToken: config.apiToken,
      agentAuth: config.agentAuth === "on",
    },
    log,
  );

  const shutdown = async () => {
    clearInterval(reconcile);
    server.stop(true);
    await slurm.close?.();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

try {
  const parsed = parseServiceArgs(Bun.argv.slice(2), process.env);
  if (parsed.help) {
    console.log(SERVICE_USAGE);
  } else {
    main(parsed.config);
  }
} catch (error) {
  console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Run `bun run serve --help` for the options.");
  process.exit(2);
}
