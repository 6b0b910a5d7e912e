import { FINISHED_STATES, SlurmError, type SlurmJobState } from "../../slurm/adapter.ts";
import { buildJobSpec } from "../../slurm/job-spec.ts";
import { AppError, conflict, notFound } from "../errors.ts";
import { aggregateResults } from "../metrics/aggregate-results.ts";
import type { CreateGroupBody, GroupInfo } from "../schemas/group.ts";
import { LoadSpec } from "../schemas/load-spec.ts";
import type { GroupResults } from "../schemas/results.ts";
import { type GroupDeps, nowSeconds } from "./group-deps.ts";
import { isFinal } from "./group-lifecycle.ts";
import type { GroupSummary, StoredGroup } from "./group-store.ts";
import type { RunData } from "./run-data.ts";

/**
 * Client groups as the user sees them: one per benchmark id, each backed by one Slurm job.
 * A group exists only once Slurm has accepted its job, so a refused submission leaves nothing.
 */
export class ClientGroups {
  /** Ids whose job is being submitted right now, so two concurrent creates cannot both win. */
  private readonly creating = new Set<number>();

  constructor(
    private readonly deps: GroupDeps,
    private readonly runData: RunData,
  ) {}

  async create(id: number, body: CreateGroupBody): Promise<StoredGroup> {
    const { store, slurm, tokens, clock, settings, log } = this.deps;
    if (this.creating.has(id) || store.getGroup(id)) throw conflict("Group already exists");
    this.creating.add(id);
    try {
      const spec = LoadSpec.parse({
        target: body.target,
        workload: body.workload,
        load: body.load,
        slo: body.slo,
      });
      const token = await tokens.sign(id, body.time_limit * 60 + settings.queueAllowanceS);
      const job = buildJobSpec({
        benchmarkId: id,
        numClients: body.num_clients,
        timeLimitMin: body.time_limit,
        tasks: body.nodes,
        serverAddr: spec.target.base_url ?? settings.serverAddr,
        serviceAddr: settings.serviceAddr,
        groupToken: token,
        projectDir: settings.projectDir,
        bunPath: settings.bunPath,
        ...(settings.containerImage ? { containerImage: settings.containerImage } : {}),
        ...(settings.observerAllow !== undefined ? { observerAllow: settings.observerAllow } : {}),
      });
      let jobId: string;
      try {
        jobId = await slurm.submit(job);
      } catch (error) {
        if (error instanceof SlurmError) {
          log.warn("slurm_refused", { benchmark_id: id, kind: error.kind, message: error.message });
          const status = error.kind === "refused" ? 502 : 503;
          throw new AppError(
            status,
            `Slurm ${error.kind === "refused" ? "refused" : "is unavailable for"} the job: ${error.message}`,
          );
        }
        throw error;
      }
      const group: StoredGroup = {
        benchmark_id: id,
        num_clients: body.num_clients,
        nodes: body.nodes,
        time_limit: body.time_limit,
        spec,
        state: "submitted",
        reason: null,
        job_id: jobId,
        slurm_state: null,
        slurm_reason: null,
        created_at: nowSeconds(clock),
        run_id: null,
        started_at: null,
        finished_at: null,
      };
      // Kept so the service can prove itself to the agents when it calls them.
      store.insertGroup(group, token);
      log.info("group_created", {
        benchmark_id: id,
        job_id: jobId,
        num_clients: body.num_clients,
        nodes: body.nodes,
      });
      return group;
    } finally {
      this.creating.delete(id);
    }
  }

  get(id: number): StoredGroup {
    const group = this.deps.store.getGroup(id);
    if (!group) throw notFound();
    return group;
  }

  info(id: number): GroupInfo {
    const group = this.get(id);
    const agents = this.deps.store.agents(id);
    return {
      num_clients: group.num_clients,
      nodes: group.nodes,
      time_limit: group.time_limit,
      client_address: agents.map((a) => a.address),
      created_at: group.created_at,
      state: group.state,
      reason: group.reason,
      job_id: group.job_id,
      slurm_state: group.slurm_state,
      slurm_reason: group.slurm_reason,
      agents,
      transitions: this.deps.store.transitions(id),
      progress: {
        requests: agents.reduce((sum, a) => sum + a.requests, 0),
        errors: agents.reduce((sum, a) => sum + a.errors, 0),
        rate_per_s: group.state === "running" ? this.runData.progress.rate(id, group.run_id) : 0,
        ...(group.state === "running"
          ? { ttft_p50_ms: this.runData.progress.ttftP50(id, group.run_id) }
          : {}),
      },
    };
  }

  /** Every group with its state and agent count, in id order (one query, however many groups). */
  list(): GroupSummary[] {
    return this.deps.store.groupSummaries();
  }

  /** The merged results of the group's run, once it has ended (partial if it ended early). */
  results(id: number): GroupResults {
    const group = this.get(id);
    const reports = group.run_id ? this.deps.store.reports(id, group.run_id) : [];
    if (!isFinal(group.state)) {
      throw conflict(
        `Benchmark has not finished (state: ${group.state}; ${reports.length} of ${group.nodes} agents reported)`,
      );
    }
    if (reports.length === 0) {
      throw conflict(
        `Benchmark has no results: it ended ${group.state}${group.reason ? ` (${group.reason})` : ""}`,
      );
    }
    return aggregateResults(group, this.deps.store.agents(id), reports);
  }

  /**
   * The per-request records (JSONL) the agents uploaded for the group's run, one agent after
   * the other; a 409 AppError when there are none (yet).
   */
  records(id: number): ReadableStream<Uint8Array> {
    const group = this.get(id);
    const runId = group.run_id;
    if (runId === null || this.runData.records.tasks(id, runId).length === 0) {
      throw conflict(
        runId === null
          ? "Benchmark has not run yet; it has no records"
          : "No per-request records were uploaded for this run (they need load.records: true, and come after each agent's results)",
      );
    }
    return this.runData.records.read(id, runId);
  }

  /** Cancels the group's job (if it may still run) and forgets the group. */
  async remove(id: number): Promise<void> {
    const group = this.get(id);
    const jobMayRun = !FINISHED_STATES.has((group.slurm_state ?? "PENDING") as SlurmJobState);
    if (!isFinal(group.state) || jobMayRun) {
      try {
        await this.deps.slurm.cancel(group.job_id);
      } catch (error) {
        if (error instanceof SlurmError) {
          throw new AppError(503, `Could not cancel Slurm job ${group.job_id}: ${error.message}`);
        }
        throw error;
      }
    }
    this.deps.store.deleteGroup(id);
    this.runData.progress.forget(id);
    this.runData.records.remove(id);
    this.deps.log.info("group_deleted", { benchmark_id: id, job_id: group.job_id });
  }
}
