import { advertisedAddress, listenHostname } from "../../core/agent/agent-address.ts";
import {
  agentOptionsFrom,
  BUN_FETCH_DEFAULT_LIMIT,
  fetchLimitWarning,
  stopBeforeLimitMs,
} from "../../core/agent/agent-options.ts";
import { createAgentRuntime } from "../../core/agent/agent-runtime.ts";
import { deliverSpooled } from "../../core/agent/deliver-result.ts";
import { createRecordsUploader } from "../../core/agent/records-upload.ts";
import { createResultSpool, DEFAULT_SPOOL_DIR } from "../../core/agent/result-spool.ts";
import { createServiceClient } from "../../core/agent/service-client.ts";
import { systemClock } from "../../core/clock.ts";
import { abortableSleep } from "../../core/loadgen/abortable-sleep.ts";
import { createLogger } from "../../core/log.ts";
import { createMonitorProxy } from "../../core/observers/monitor-proxy.ts";
import { createAgentApp } from "./index.ts";

// The client process: `bun run agent <num_clients> <server_addr> <client_service_addr> <benchmark_id>`.
const env = process.env;
const parsed = agentOptionsFrom(Bun.argv.slice(2), env);
if (!parsed.ok) {
  createLogger().warn("agent_bad_arguments", { detail: parsed.detail });
  process.exit(2);
}
const options = parsed.options;
const log = createLogger({ verbose: options.verbose });
const ids = { benchmark_id: options.benchmarkId, task_index: options.taskIndex };
const monotonic = () => performance.now();
const startedAt = monotonic();

let app: ReturnType<typeof createAgentApp> | null = null;
const server = Bun.serve({
  port: 0,
  hostname: listenHostname(options.serviceAddr),
  idleTimeout: 255,
  fetch: (request) =>
    app ? app.fetch(request) : Response.json({ detail: "The agent is starting" }, { status: 503 }),
});
const localAddress = await advertisedAddress({
  serviceAddr: options.serviceAddr,
  port: server.port ?? 0,
  override: options.agentHost,
});

const service = createServiceClient({
  baseUrl: options.serviceAddr,
  benchmarkId: options.benchmarkId,
  token: options.token,
  fetch,
  sleep: (ms) => Bun.sleep(ms),
  now: monotonic,
  onRejoin: (result) =>
    result.ok
      ? log.info("reregistered", ids)
      : log.warn("reregister_refused", { ...ids, detail: result.detail }),
});
const records = createRecordsUploader({
  baseUrl: options.serviceAddr,
  benchmarkId: options.benchmarkId,
  taskIndex: options.taskIndex,
  token: options.token,
  fetch,
  sleep: (ms) => Bun.sleep(ms),
});
const spool = createResultSpool({
  dir: env.AIFC_SPOOL_DIR || DEFAULT_SPOOL_DIR,
  benchmarkId: options.benchmarkId,
  taskIndex: options.taskIndex,
});
// A report is retried until the job's time limit (Slurm's kill ends it then; the spool keeps it).
const uploadDeadlineMs = () =>
  options.timeLimitS === null
    ? 600_000
    : Math.max(startedAt + options.timeLimitS * 1000 - monotonic(), 30_000);
const runtime = createAgentRuntime({
  identity: {
    benchmark_id: options.benchmarkId,
    task_index: options.taskIndex,
    num_tasks: options.numTasks,
    num_clients: options.clients,
    server_addr: options.serverAddr,
    client_service_addr: options.serviceAddr,
    local_address: localAddress,
  },
  clock: systemClock,
  monotonic,
  fetch,
  sleep: abortableSleep,
  log,
  notifier: createMonitorProxy({ fetch, clock: systemClock, monotonic }),
  service,
  recordsDir: env.AIFC_RECORDS_DIR || undefined,
  fetchLimit: Number(env.BUN_CONFIG_MAX_HTTP_REQUESTS) || BUN_FETCH_DEFAULT_LIMIT,
  records,
  spool,
  uploadDeadlineMs,
});
app = createAgentApp({
  runtime,
  observerAllow: options.observerAllow,
  controlToken: options.token,
});

const warning = fetchLimitWarning(options.clients, env);
if (warning) log.warn("fetch_limit", { ...ids, detail: warning });

// Reports an earlier start of this task kept (the service was away, or the agent was killed).
await deliverSpooled({ service, records, spool, log, ids }, 60_000);

const registered = await service.connect({
  client_address: localAddress,
  task_index: options.taskIndex,
});
if (!registered.ok) {
  log.warn("register_failed", { ...ids, service: options.serviceAddr, detail: registered.detail });
  server.stop(true);
  process.exit(1);
}
log.info("registered", { ...ids, address: localAddress, num_clients: options.clients });

process.on("SIGTERM", () =>
  runtime.stop("stopped by SIGTERM (Slurm's warning before the time limit, or scancel)"),
);
process.on("SIGINT", () => runtime.stop("stopped by SIGINT"));
if (options.timeLimitS !== null) {
  setTimeout(
    () => runtime.stop("the job's time limit is nearly reached"),
    stopBeforeLimitMs(options.timeLimitS),
  );
}

const code = await runtime.finished;
// Gives the answer to `/stop` (or the last status call) time to reach the caller.
await Bun.sleep(500);
log.info("agent_exit", { ...ids, code });
server.stop(true);
process.exit(code);
