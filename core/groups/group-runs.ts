import { AppError, conflict } from "../errors.ts";
import type { AgentRunRequest } from "../schemas/agent.ts";
import type { ObserverBody } from "../schemas/group.ts";
import {
  type LoadShape,
  LoadSpec,
  type SloSpec,
  type TargetSpec,
  type WorkloadSpec,
} from "../schemas/load-spec.ts";
import type { AgentCallResult } from "./agent-caller.ts";
import { completeIfAllReported } from "./complete-run.ts";
import { type GroupDeps, nowSeconds } from "./group-deps.ts";
import { isFinal } from "./group-lifecycle.ts";
import type { StoredObserver } from "./group-store.ts";
import { moveGroup } from "./move-group.ts";

export type RunOverrides = {
  target?: Partial<TargetSpec> | undefined;
  workload?: Partial<WorkloadSpec> | undefined;
  load?: Partial<LoadShape> | undefined;
  slo?: Partial<SloSpec> | undefined;
};

/** Starting a group's run and attaching observers: both are forwarded to every agent. */
export class GroupRuns {
  /** Groups whose run is being dispatched: a second `run` meanwhile is refused. */
  private readonly dispatching = new Set<number>();

  constructor(private readonly deps: GroupDeps) {}

  async run(id: number, overrides: RunOverrides = {}): Promise<AgentCallResult[]> {
    const { store, agents, settings, log, clock } = this.deps;
    const group = store.getGroup(id);
    if (!group) throw new AppError(404, "Benchmark id not found");
    if (group.state !== "ready") {
      throw conflict(
        `Group is not ready to run (state: ${group.state}${group.reason ? `, ${group.reason}` : ""})`,
      );
    }
    const merged = LoadSpec.safeParse({
      target: { ...group.spec.target, ...overrides.target },
      workload: { ...group.spec.workload, ...overrides.workload },
      load: { ...group.spec.load, ...overrides.load },
      slo: { ...group.spec.slo, ...overrides.slo },
    });
    if (!merged.success) {
      throw new AppError(
        422,
        merged.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    }
    if (this.dispatching.has(id)) throw conflict("A run of this group is already being started");
    this.dispatching.add(id);
    try {
      const runId = crypto.randomUUID();
      const request: AgentRunRequest = {
        run_id: runId,
        base_url: merged.data.target.base_url ?? settings.serverAddr,
        spec: merged.data,
      };
      // Known before any agent hears of it, so reports of this run are accepted at once.
      const previousRunId = group.run_id;
      store.setRunId(id, runId);
      group.run_id = runId;
      const targets = store.agents(id);
      const token = store.agentToken(id);
      const results = await Promise.all(
        targets.map((a) => agents.run(a.agent_id, a.address, request, token)),
      );
      const started = results.filter((r) => r.ok).length;
      log.info("run_dispatched", {
        benchmark_id: id,
        run_id: runId,
        agents: targets.length,
        started,
      });
      if (started === 0) {
        // Agents still on a run dispatched before a restart keep reporting on that one.
        store.setRunId(id, previousRunId);
        const why = results.map((r) => `${r.agent_id}: ${r.detail}`).join("; ");
        throw new AppError(502, `No agent started the run: ${why}`);
      }
      moveGroup(
        this.deps,
        group,
        "running",
        started < targets.length ? `${targets.length - started} agent(s) did not start` : null,
        { started_at: nowSeconds(clock) },
      );
      completeIfAllReported(this.deps, group, runId);
      return results;
    } finally {
      this.dispatching.delete(id);
    }
  }

  /** Keeps the observer for agents that register later and forwards it to those already here. */
  async addObserver(
    id: number,
    body: ObserverBody,
  ): Promise<{ observer: StoredObserver; results: AgentCallResult[] }> {
    const { store, agents } = this.deps;
    const group = store.getGroup(id);
    if (!group) throw new AppError(404, "Benchmark id not found");
    if (isFinal(group.state)) throw conflict(`Group has ended (${group.state})`);
    const observer: StoredObserver = {
      ip_address: body.ip_address,
      port: body.port,
      interval_ms: body.update_preferences?.interval_ms ?? 1000,
    };
    const targets = store.agents(id);
    const token = store.agentToken(id);
    const results = await Promise.all(
      targets.map((a) => agents.addObserver(a.agent_id, a.address, observer, token)),
    );
    const unreachable = results.filter((r) => !r.ok);
    if (unreachable.length > 0) {
      throw new AppError(
        502,
        `Observer not registered: ${unreachable.map((r) => `${r.agent_id}: ${r.detail}`).join("; ")}`,
      );
    }
    store.addObserver(id, observer);
    return { observer, results };
  }

  /**
   * Tells every agent of a running group to stop; each then uploads what it has measured, and
   * the group completes with partial results as on any early stop. An agent that cannot be
   * reached is reported in its result, not raised: the others still stop.
   */
  async stop(id: number): Promise<AgentCallResult[]> {
    const { store, agents, log } = this.deps;
    const group = store.getGroup(id);
    if (!group) throw new AppError(404, "Benchmark id not found");
    if (group.state !== "running") {
      throw conflict(`Group is not running (state: ${group.state}); only a running group stops`);
    }
    const token = store.agentToken(id);
    const results = await Promise.all(
      store.agents(id).map((a) => agents.stop(a.agent_id, a.address, token)),
    );
    log.info("stop_requested", {
      benchmark_id: id,
      agents: results.length,
      stopping: results.filter((r) => r.ok).length,
    });
    return results;
  }
}
