import { z } from "zod";
import { clientsForTask, JOB_ENV, taskPlacementFrom } from "../config/job-environment.ts";
import {
  type ObserverAllowList,
  parseObserverAllowList,
} from "../observers/observer-allow-list.ts";
import { BenchmarkId, MAX_CLIENTS } from "../schemas/group.ts";

const withScheme = (address: string) =>
  /^https?:\/\//i.test(address) ? address : `http://${address}`;

const AgentArgs = z.object({
  num_clients: z.coerce.number().int().min(1).max(MAX_CLIENTS),
  server_addr: z.string().min(1).max(512).transform(withScheme).pipe(z.url()),
  client_service_addr: z.string().min(1).max(512).transform(withScheme).pipe(z.url()),
  benchmark_id: z.coerce.number().pipe(BenchmarkId),
  time_limit_s: z.coerce.number().positive().optional(),
});

/** Everything the agent process is told at start-up, checked. */
export type AgentOptions = {
  /** The group's clients, across every task. */
  groupClients: number;
  /** This task's share of them. */
  clients: number;
  serverAddr: string;
  serviceAddr: string;
  benchmarkId: number;
  taskIndex: number;
  numTasks: number;
  token: string | null;
  timeLimitS: number | null;
  agentHost: string | null;
  verbose: boolean;
  /** The service's observer allow-list (AIFC_OBSERVER_ALLOW), enforced here too. */
  observerAllow: ObserverAllowList;
};

export type AgentOptionsResult =
  | { ok: true; options: AgentOptions }
  | { ok: false; detail: string };

export const AGENT_USAGE =
  "usage: bun run agent <num_clients> <server_addr> <client_service_addr> <benchmark_id>";

/**
 * Reads `agent <num_clients> <server_addr> <client_service_addr> <benchmark_id>` (the original's
 * form; a missing argument falls back to the job's AIFC_* variable) and the job environment:
 * token, task placement (ours or Slurm's), time limit. Addresses without a scheme get `http://`.
 */
export function agentOptionsFrom(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): AgentOptionsResult {
  const parsed = AgentArgs.safeParse({
    num_clients: argv[0] ?? env[JOB_ENV.numClients],
    server_addr: argv[1] ?? env[JOB_ENV.serverAddr],
    client_service_addr: argv[2] ?? env[JOB_ENV.serviceAddr],
    benchmark_id: argv[3] ?? env[JOB_ENV.benchmarkId],
    time_limit_s: env[JOB_ENV.timeLimitS] || undefined,
  });
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return { ok: false, detail: `${why} (${AGENT_USAGE})` };
  }
  const placement = taskPlacementFrom(env);
  if (placement.taskIndex >= placement.numTasks) {
    return {
      ok: false,
      detail: `task index ${placement.taskIndex} is not below the number of tasks ${placement.numTasks}`,
    };
  }
  const observerAllow = parseObserverAllowList(env[JOB_ENV.observerAllow]);
  if (!observerAllow.ok)
    return { ok: false, detail: `${JOB_ENV.observerAllow}: ${observerAllow.detail}` };
  const args = parsed.data;
  return {
    ok: true,
    options: {
      groupClients: args.num_clients,
      clients: clientsForTask(args.num_clients, placement.taskIndex, placement.numTasks),
      serverAddr: args.server_addr,
      serviceAddr: args.client_service_addr,
      benchmarkId: args.benchmark_id,
      taskIndex: placement.taskIndex,
      numTasks: placement.numTasks,
      token: env[JOB_ENV.groupToken] || null,
      timeLimitS: args.time_limit_s ?? null,
      agentHost: env.AIFC_AGENT_HOST || null,
      verbose: env.AIFC_VERBOSE === "1" || env.AIFC_VERBOSE === "true",
      observerAllow: observerAllow.list,
    },
  };
}

/**
 * When to stop before Slurm kills the job: 10 s before the limit, or half-way for a limit under
 * 20 s, so the partial results still reach the service.
 */
export function stopBeforeLimitMs(timeLimitS: number): number {
  return Math.max(timeLimitS - 10, timeLimitS / 2) * 1000;
}

/** Bun's fetch sends at most this many requests at once unless the process starts with more. */
export const BUN_FETCH_DEFAULT_LIMIT = 256;

/**
 * A sentence when this agent's clients would queue inside Bun's fetch (which inflates TTFT), or
 * null. The limit is read once at process start, so only the job environment can raise it.
 */
export function fetchLimitWarning(
  clients: number,
  env: Record<string, string | undefined>,
): string | null {
  const limit = Number(env.BUN_CONFIG_MAX_HTTP_REQUESTS) || BUN_FETCH_DEFAULT_LIMIT;
  if (clients + 2 <= limit) return null;
  return `${clients} clients exceed Bun's ${limit} concurrent fetches; start the agent with BUN_CONFIG_MAX_HTTP_REQUESTS=${Math.min(clients + 64, 65_336)} or requests will queue and TTFT will include the wait`;
}
