import { type ServiceClient, ServiceError } from "../../core/api-client/create-service-client.ts";
import type { CreateGroupBody, GroupInfo } from "../../core/schemas/group.ts";
import type { GroupResults, RequestRecordLine } from "../../core/schemas/results.ts";
import type { CliDeps } from "./cli-deps.ts";
import { fetchRecords, fetchResults } from "./fetch-run-data.ts";
import { createProgressView, type ProgressGoal, type ProgressSnapshot } from "./progress-view.ts";

const FINAL_STATES = new Set(["completed", "failed", "cancelled"]);
/** How long stopped agents get to upload their partial results before the group is cancelled. */
const STOP_GRACE_MS = 15_000;

/** What one benchmark left behind: the group as last seen and whatever was measured. */
export type BenchmarkOutcome = {
  benchmark_id: number;
  group: GroupInfo | null;
  results: GroupResults | null;
  records: RequestRecordLine[] | null;
  /** Why there are no (complete) results: a failed group, a refused run, Ctrl-C. */
  note: string | null;
  interrupted: boolean;
};

/** Ctrl-C as the run sees it: asked once to stop; the caller exits on the second. */
export type Interruption = { requested: () => boolean };

const idParam = (id: number) => ({ params: { path: { benchmark_id: String(id) } } });

/** One more than the highest id the service knows, so a run never reuses a group. */
export async function nextBenchmarkId(client: ServiceClient): Promise<number> {
  const { data } = await client.GET("/api/v1/client-groups");
  return Math.max(0, ...(data?.groups ?? []).map((g) => g.benchmark_id)) + 1;
}

/** Creates the group under `id`, or the next free id when `id` was chosen for the user. */
async function createGroup(
  client: ServiceClient,
  body: CreateGroupBody,
  id: number | undefined,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const chosen = id ?? (await nextBenchmarkId(client));
    try {
      await client.POST("/api/v1/client-group/{benchmark_id}", { ...idParam(chosen), body });
      return chosen;
    } catch (error) {
      // Another user took the same next id at the same moment: pick again.
      const taken = error instanceof ServiceError && error.status === 409;
      if (!taken || id !== undefined || attempt >= 4) throw error;
    }
  }
}

async function groupInfo(client: ServiceClient, id: number): Promise<GroupInfo> {
  const { data } = await client.GET("/api/v1/client-group/{benchmark_id}", idParam(id));
  return (data as { info: GroupInfo }).info;
}

function describeWait(info: GroupInfo): string {
  const slurm = info.slurm_state
    ? ` (Slurm ${info.slurm_state}${info.slurm_reason ? `, reason: ${info.slurm_reason}` : ""})`
    : "";
  const agents = info.state === "starting" ? `, ${info.agents.length}/${info.nodes} agents` : "";
  return `${info.state}${slurm}${agents}`;
}

/** Polls until the group is ready (or has ended), printing each change of state. */
async function waitUntilReady(
  client: ServiceClient,
  id: number,
  deps: CliDeps,
  pollMs: number,
  interruption: Interruption,
): Promise<GroupInfo> {
  let shown = "";
  for (;;) {
    const info = await groupInfo(client, id);
    const text = describeWait(info);
    if (text !== shown) deps.err(`group ${id}: ${text}`);
    shown = text;
    if (info.state === "ready" || FINAL_STATES.has(info.state) || interruption.requested()) {
      return info;
    }
    await deps.sleep(pollMs);
  }
}

function progressGoal(body: CreateGroupBody): ProgressGoal {
  const load = body.load;
  if (load?.requests !== undefined) return { requests: load.requests };
  if (load?.duration_s !== undefined) return { durationS: load.duration_s };
  return { requests: body.num_clients };
}

/** Polls the running group, drawing the progress view, until it ends or Ctrl-C. */
async function watchRun(
  client: ServiceClient,
  id: number,
  body: CreateGroupBody,
  deps: CliDeps,
  pollMs: number,
  interruption: Interruption,
): Promise<GroupInfo> {
  const startedAt = deps.now();
  const view = createProgressView(progressGoal(body), {
    terminal: deps.terminal,
    line: deps.err,
    now: deps.now,
  });
  let last: ProgressSnapshot | null = null;
  try {
    for (;;) {
      const info = await groupInfo(client, id);
      const ended = FINAL_STATES.has(info.state);
      // An ended group reports no live rate or TTFT: keep the last ones next to the final counts.
      last = {
        requests: info.progress.requests,
        errors: info.progress.errors,
        ratePerS: ended && last ? last.ratePerS : info.progress.rate_per_s,
        ttftP50Ms: ended && last ? last.ttftP50Ms : info.progress.ttft_p50_ms,
        elapsedS: ended && last ? last.elapsedS : (deps.now() - startedAt) / 1000,
      };
      view.update(last);
      if (ended || interruption.requested()) return info;
      await deps.sleep(pollMs);
    }
  } finally {
    view.stop();
  }
}

/**
 * After Ctrl-C: ask the service to stop the group's agents (it reaches compute nodes the user's
 * machine may not), give them a moment to upload what they measured, then let the caller cancel
 * the group. When no agent could be told, nothing is waited for.
 */
async function stopAndCancel(
  client: ServiceClient,
  id: number,
  info: GroupInfo,
  deps: CliDeps,
  pollMs: number,
): Promise<GroupInfo> {
  let last = info;
  if (info.state === "running") {
    const stopped = await client
      .POST("/api/v1/client-group/{benchmark_id}/stop", idParam(id))
      .then(({ data }) => (data?.results ?? []).filter((r) => r.ok).length)
      .catch((error: unknown) => {
        // The group may have ended meanwhile (409): what it has is fetched all the same.
        deps.err(`group ${id}: could not stop the agents: ${errorText(error)}`);
        return 0;
      });
    if (stopped > 0) {
      deps.err(`group ${id}: agents stopped; waiting for their partial results`);
      const deadline = deps.now() + STOP_GRACE_MS;
      while (!FINAL_STATES.has(last.state) && deps.now() < deadline) {
        await deps.sleep(Math.min(pollMs, 500));
        last = await groupInfo(client, id);
      }
    }
  }
  return last;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One benchmark from start to end: create the group, wait for Slurm and the agents, run, watch
 * the progress, then fetch the results (and the per-request records when the spec keeps them).
 * On Ctrl-C the agents are stopped, whatever they measured is fetched, and the group is deleted
 * (its job cancelled).
 */
export async function runBenchmark(
  client: ServiceClient,
  body: CreateGroupBody,
  options: { id: number | undefined; pollMs: number; serviceUrl: string },
  deps: CliDeps,
  interruption: Interruption,
): Promise<BenchmarkOutcome> {
  const id = await createGroup(client, body, options.id);
  const load = body.load;
  const shape =
    load && load.pattern !== "closed" ? `, ${load.pattern} arrivals at ${load.rate} req/s` : "";
  deps.err(
    `created group ${id} on ${options.serviceUrl}: ${body.num_clients} clients on ${body.nodes} node(s)${shape}`,
  );
  const outcome: BenchmarkOutcome = {
    benchmark_id: id,
    group: null,
    results: null,
    records: null,
    note: null,
    interrupted: false,
  };
  let info = await waitUntilReady(client, id, deps, options.pollMs, interruption);
  if (info.state === "ready" && !interruption.requested()) {
    await client.POST("/api/v1/client-group/{benchmark_id}/run", idParam(id));
    info = await watchRun(client, id, body, deps, options.pollMs, interruption);
  }
  if (interruption.requested()) {
    outcome.interrupted = true;
    info = await stopAndCancel(client, id, info, deps, options.pollMs);
  }
  outcome.group = info;
  if (FINAL_STATES.has(info.state)) {
    const fetched = await fetchResults(client, id);
    outcome.results = fetched.results;
    outcome.note = fetched.note;
    if (fetched.results !== null && body.load?.records) {
      outcome.records = await fetchRecords(client, id, fetched.results, deps);
    }
  } else {
    const { requests, errors } = info.progress;
    outcome.note = `interrupted while the group was ${info.state}, before any agent reported results (live progress: ${requests} requests, ${errors} errors)`;
  }
  if (outcome.interrupted) {
    await client.DELETE("/api/v1/client-group/{benchmark_id}", idParam(id));
    deps.err(`group ${id} cancelled (its Slurm job ${info.job_id} too)`);
  }
  return outcome;
}
