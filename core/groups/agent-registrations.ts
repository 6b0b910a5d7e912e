import { clientsForTask } from "../config/job-environment.ts";
import { AppError, conflict, notFound, unauthorized } from "../errors.ts";
import { checkReportHistograms } from "../metrics/aggregate-results.ts";
import type { AgentProgress } from "../schemas/agent.ts";
import type { ConnectBody } from "../schemas/group.ts";
import type { AgentReport } from "../schemas/results.ts";
import { adoptRun, completeIfAllReported } from "./complete-run.ts";
import { type GroupDeps, nowSeconds } from "./group-deps.ts";
import { isFinal } from "./group-lifecycle.ts";
import type { StoredGroup } from "./group-store.ts";
import { moveGroup } from "./move-group.ts";
import type { RunData } from "./run-data.ts";

/** Which agent and run an upload of per-request records belongs to. */
export type RecordsUpload = { task_index: number; run_id: string };

/**
 * What agents send to the service: registration, progress and results. Every call needs the
 * group's token (unless agent auth is off), and a group that has ended takes no more.
 */
export class AgentRegistrations {
  constructor(
    private readonly deps: GroupDeps,
    private readonly runData: RunData,
  ) {}

  /** The group as it is once the token has been checked: other calls may move it meanwhile. */
  private async admit(id: number, token: string | null): Promise<StoredGroup> {
    if (!this.deps.store.getGroup(id)) throw notFound();
    if (this.deps.settings.agentAuth) {
      const problem = await this.deps.tokens.check(token, id);
      if (problem) {
        this.deps.log.warn("agent_token_refused", { benchmark_id: id, problem });
        throw unauthorized(problem);
      }
    }
    return this.current(id);
  }

  private current(id: number): StoredGroup {
    const group = this.deps.store.getGroup(id);
    if (!group) throw notFound();
    return group;
  }

  async connect(id: number, body: ConnectBody, token: string | null): Promise<void> {
    const group = await this.admit(id, token);
    if (isFinal(group.state))
      throw conflict(`Group has ended (${group.state}); no more registrations`);
    if (body.task_index >= group.nodes) {
      throw new AppError(
        422,
        `task_index: ${body.task_index} is not below the group's ${group.nodes} node(s)`,
      );
    }
    const { store, clock, agents, log } = this.deps;
    const known = store.agents(id).find((a) => a.task_index === body.task_index);
    const where = {
      benchmark_id: id,
      job_id: group.job_id,
      task_index: body.task_index,
      address: body.client_address,
    };
    if (known?.address === body.client_address) {
      // The same agent again (its answer was lost, or the service was away): it keeps its state
      // and counts; observers are handed over again, which the agent takes as a no-op.
      log.info("agent_reregistered", where);
    } else {
      store.upsertAgent(id, {
        task_index: body.task_index,
        address: body.client_address,
        registered_at: nowSeconds(clock),
        num_clients: clientsForTask(group.num_clients, body.task_index, group.nodes),
        state: "registered",
        requests: 0,
        errors: 0,
      });
      log.info("agent_registered", where);
    }
    // Observers registered before this agent existed are handed to it now.
    for (const observer of store.observers(id)) {
      const result = await agents.addObserver(
        `${id}-${body.task_index}`,
        body.client_address,
        observer,
        store.agentToken(id),
      );
      if (!result.ok)
        log.warn("observer_forward_failed", { benchmark_id: id, detail: result.detail });
    }
    // Decided on the group as it is after the awaits above: its agents register at once.
    this.advance(this.current(id));
  }

  /**
   * Moves the group on by the agents registered now: `starting` with the first, `ready` once
   * all are in. A move lost to another call is decided again on the state found.
   */
  private advance(group: StoredGroup): void {
    const registered = this.deps.store.agents(group.benchmark_id).length;
    const from = group.state;
    let moved = true;
    if (registered >= group.nodes) {
      moved = moveGroup(this.deps, group, "ready");
    } else if (from === "submitted" || from === "queued") {
      moved = moveGroup(
        this.deps,
        group,
        "starting",
        `${registered} of ${group.nodes} agents registered`,
      );
    }
    if (!moved && group.state !== from) this.advance(group);
  }

  async progress(id: number, body: AgentProgress, token: string | null): Promise<void> {
    const group = await this.admit(id, token);
    adoptRun(this.deps, group, body.run_id);
    const ttft =
      body.ttft_p50_ms === undefined
        ? undefined
        : { p50Ms: body.ttft_p50_ms, requests: body.completed };
    this.runData.progress.update(id, body.task_index, body.run_id, body.rate_per_s ?? 0, ttft);
    this.deps.store.setAgentProgress(
      id,
      body.task_index,
      body.completed + body.failed,
      body.failed,
      "running",
    );
  }

  /** Stores an agent's report once (a retried upload is harmless); the last one completes the run. */
  async uploadResults(
    id: number,
    report: AgentReport,
    token: string | null,
  ): Promise<{ stored: boolean }> {
    const group = await this.admit(id, token);
    if (report.run_id !== group.run_id) {
      throw conflict(
        `Report is for run ${report.run_id}, but the group's run is ${group.run_id ?? "not started"}`,
      );
    }
    const invalid = checkReportHistograms(report);
    if (invalid) throw new AppError(422, invalid);
    const { store, log } = this.deps;
    adoptRun(this.deps, group, report.run_id);
    const stored = store.addReport(id, report);
    this.runData.progress.end(id, report.task_index);
    store.setAgentProgress(
      id,
      report.task_index,
      report.requests.completed + report.requests.failed,
      report.requests.failed,
      "done",
    );
    log.info("results_uploaded", {
      benchmark_id: id,
      task_index: report.task_index,
      run_id: report.run_id,
      stored,
      partial: report.partial,
    });
    completeIfAllReported(this.deps, group, report.run_id);
    return { stored };
  }

  /**
   * Stores one agent's per-request records (JSONL, streamed to disk) for the group's current
   * run; a repeated upload replaces the earlier one.
   */
  async uploadRecords(
    id: number,
    upload: RecordsUpload,
    token: string | null,
    body: ReadableStream<Uint8Array> | null,
    declaredBytes: number | null,
  ): Promise<{ bytes: number }> {
    const group = await this.admit(id, token);
    if (upload.task_index >= group.nodes) {
      throw new AppError(
        422,
        `task_index: ${upload.task_index} is not below the group's ${group.nodes} node(s)`,
      );
    }
    if (group.run_id === null || upload.run_id !== group.run_id) {
      throw conflict(
        `Records are for run ${upload.run_id}, but the group's run is ${group.run_id ?? "not started"}`,
      );
    }
    const { records } = this.runData;
    if (declaredBytes !== null && declaredBytes > records.maxBytes) {
      throw new AppError(413, `Records upload is larger than ${records.maxBytes} bytes`);
    }
    if (body === null) throw new AppError(422, "body: the records (JSONL) are missing");
    const stored = await records.store(id, upload.run_id, upload.task_index, body);
    this.deps.log.info("records_uploaded", {
      benchmark_id: id,
      task_index: upload.task_index,
      run_id: upload.run_id,
      bytes: stored.bytes,
    });
    return stored;
  }
}
