import type { Clock } from "../clock.ts";

/** A reported rate older than this no longer counts: that agent has gone quiet. */
export const RATE_STALE_AFTER_MS = 10_000;

type AgentRate = { runId: string; ratePerS: number; at: number };

/**
 * The agents' current request rates, as their progress posts last reported them. Kept in
 * memory only: a rate is seconds old by nature, and the next post after a restart restores it.
 */
export class LiveProgress {
  private readonly rates = new Map<number, Map<number, AgentRate>>();

  constructor(private readonly clock: Clock) {}

  update(id: number, taskIndex: number, runId: string, ratePerS: number): void {
    let group = this.rates.get(id);
    if (!group) {
      group = new Map();
      this.rates.set(id, group);
    }
    group.set(taskIndex, { runId, ratePerS, at: this.clock.now() });
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

  forget(id: number): void {
    this.rates.delete(id);
  }
}
