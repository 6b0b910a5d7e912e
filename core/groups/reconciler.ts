import { FINISHED_STATES, type JobStatus, type SlurmJobState } from "../../slurm/adapter.ts";
import type { GroupState } from "../schemas/group.ts";
import { completeIfAllReported } from "./complete-run.ts";
import { type GroupDeps, nowSeconds } from "./group-deps.ts";
import { isFinal } from "./group-lifecycle.ts";
import type { StoredGroup } from "./group-store.ts";
import { moveGroup } from "./move-group.ts";

/**
 * Keeps every unfinished group in step with its Slurm job: a job that waits, starts, dies, is
 * cancelled outside the service or runs out of time moves its group, with Slurm's reason,
 * instead of leaving it "pending" forever.
 */
export class Reconciler {
  /** The pass under way: a slow Slurm (squeue can take 18 s to fail) must not pile up passes. */
  private inFlight: Promise<void> | null = null;

  constructor(private readonly deps: GroupDeps) {}

  /** One pass over the unfinished groups; a call during a pass joins that pass. */
  reconcileOnce(): Promise<void> {
    this.inFlight ??= this.pass().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async pass(): Promise<void> {
    const { store, slurm, log } = this.deps;
    // A finished group is still followed until its job has ended, so its Slurm state stays true.
    const active = store
      .listGroups()
      .filter(
        (g) =>
          !isFinal(g.state) || !FINISHED_STATES.has((g.slurm_state ?? "PENDING") as SlurmJobState),
      );
    if (active.length === 0) return;
    let statuses: Map<string, JobStatus>;
    try {
      statuses = await slurm.status(active.map((g) => g.job_id));
    } catch (error) {
      log.warn("reconcile_failed", {
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    for (const seen of active) {
      // Read again: agents may have registered, or the group been deleted, while Slurm answered.
      const group = store.getGroup(seen.benchmark_id);
      if (!group) continue;
      const status = statuses.get(group.job_id) ?? {
        jobId: group.job_id,
        state: "UNKNOWN",
        reason: null,
        nodes: null,
        exitCode: null,
      };
      if (status.state !== group.slurm_state || status.reason !== group.slurm_reason) {
        store.setSlurmState(group.benchmark_id, status.state, status.reason);
      }
      if (!isFinal(group.state)) this.follow(group, status);
    }
  }

  private follow(group: StoredGroup, status: JobStatus): void {
    const job = `Slurm job ${group.job_id}`;
    // Every report may be in while the move was lost (the service was killed in between).
    if (group.run_id !== null) completeIfAllReported(this.deps, group, group.run_id);
    if (isFinal(group.state)) return;
    switch (status.state) {
      case "PENDING":
      case "CONFIGURING":
      case "SUSPENDED":
        if (group.state === "submitted") this.move(group, status, "queued", status.reason);
        return;
      case "RUNNING":
      case "COMPLETING":
        if (group.state === "submitted" || group.state === "queued") {
          this.move(group, status, "starting", `${job} running on ${status.nodes ?? "its node"}`);
        }
        if (group.state === "starting") this.enforceRegistrationDeadline(group, status);
        return;
    }
    if (!FINISHED_STATES.has(status.state)) return;
    const finished = { finished_at: nowSeconds(this.deps.clock) };
    if (status.state === "CANCELLED") {
      this.move(group, status, "cancelled", `${job} was cancelled outside the service`, finished);
      return;
    }
    this.move(group, status, "failed", this.whyEnded(group, status), finished);
  }

  /** Moves the group; a move lost to another call is decided again on the state found. */
  private move(
    group: StoredGroup,
    status: JobStatus,
    to: GroupState,
    reason: string | null,
    extra: Partial<Pick<StoredGroup, "finished_at">> = {},
  ): void {
    const from = group.state;
    if (moveGroup(this.deps, group, to, reason, extra)) return;
    if (group.state !== from && !isFinal(group.state)) this.follow(group, status);
  }

  private whyEnded(group: StoredGroup, status: JobStatus): string {
    const job = `Slurm job ${group.job_id}`;
    const detail = [status.reason, status.exitCode !== null ? `exit code ${status.exitCode}` : null]
      .filter(Boolean)
      .join(", ");
    switch (status.state) {
      case "UNKNOWN":
        return `${job} is no longer known to Slurm`;
      case "TIMEOUT":
        return `${job} reached its time limit of ${group.time_limit} min`;
      case "COMPLETED": {
        const reported = group.run_id
          ? this.deps.store.reports(group.benchmark_id, group.run_id).length
          : 0;
        return group.state === "running"
          ? `${job} ended before all agents reported results (${reported} of ${group.nodes})`
          : `${job} ended before the benchmark ran`;
      }
      default:
        return `${job} ended: ${status.state}${detail ? ` (${detail})` : ""}`;
    }
  }

  private enforceRegistrationDeadline(group: StoredGroup, status: JobStatus): void {
    const { store, clock, settings } = this.deps;
    const startedAt = store.transitions(group.benchmark_id).find((t) => t.state === "starting")?.at;
    if (startedAt === undefined) return;
    const waited = nowSeconds(clock) - startedAt;
    if (waited < settings.registrationDeadlineS) return;
    const present = new Set(store.agents(group.benchmark_id).map((a) => a.task_index));
    const missing = Array.from({ length: group.nodes }, (_, i) => i).filter((i) => !present.has(i));
    this.move(
      group,
      status,
      "failed",
      `Agents did not register within ${settings.registrationDeadlineS} s after Slurm job ${group.job_id} started on ${status.nodes ?? "its node"}: ${present.size} of ${group.nodes} registered, missing task(s) ${missing.join(", ")}`,
      { finished_at: nowSeconds(clock) },
    );
  }
}
