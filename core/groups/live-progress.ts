import type { Clock } from "../clock.ts";

/** A reported rate older than this no longer counts: that agent has gone quiet. */
export const RATE_STALE_AFTER_MS = 10_000;

type AgentRate = { runId: string; ratePerS: number; at: number; ttft?: AgentTtft | undefined };

/** An agent's median TTFT so far and how many requests it is the median of. */
export type AgentTtft = { p50Ms: number; requests: number };

/**
 * The agents' current request rates, as their progress posts last reported them. Kept in
 * memory only: a rate is seconds old by nature, and the next post after a restart restores it.
 */
export class LiveProgress {
  private readonly rates = new Map<number, Map<number, AgentRate>>();

  constructor(private readonly clock: Clock) {}

  update(id: number, taskIndex: number, runId: string, ratePerS: number, ttft?: AgentTtft): void {
    let group = this.rates.get(id);
    if (!group) {
      group = new Map();
      this.rates.set(id, group);
    }
    group.set(taskIndex, { runId, ratePerS, at: this.clock.now(), ttft });
  }

  /** An agent that has finished sends nothing more; its rate stops counting at once. */
  end(id: number, taskIndex: number): void {
    this.rates.get(id)?.delete(taskIndex);
  }

  /** The group's current rate: the sum of its agents' fresh rates for `runId`. */
  rate(id: number, runId: string | null): number {
    const now = this.clock.now();
    let total = 0;
    for (const agent of this.rates.get(id)?.values() ?? []) {
      if (agent.runId === runId && now - agent.at <= RATE_STALE_AFTER_MS) total += agent.ratePerS;
    }
    return total;
  }

  /**
   * The group's current median TTFT for `runId`: one agent's own, or with several the agents'
   * medians weighted by their requests (a live estimate; the results carry the exact merge).
   */
  ttftP50(id: number, runId: string | null): number | undefined {
    let weighted = 0;
    let requests = 0;
    for (const agent of this.rates.get(id)?.values() ?? []) {
      if (agent.runId !== runId || !agent.ttft) continue;
      const weight = Math.max(agent.ttft.requests, 1);
      weighted += agent.ttft.p50Ms * weight;
      requests += weight;
    }
    return requests > 0 ? weighted / requests : undefined;
  }

  forget(id: number): void {
    this.rates.delete(id);
  }
}
