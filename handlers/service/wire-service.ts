import { Database } from "bun:sqlite";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGroupTokens } from "../../core/auth/group-token.ts";
import { loadServiceSecret } from "../../core/auth/service-secret.ts";
import type { Clock } from "../../core/clock.ts";
import { createAgentCaller } from "../../core/groups/agent-caller.ts";
import { AgentRegistrations } from "../../core/groups/agent-registrations.ts";
import { ClientGroups } from "../../core/groups/client-groups.ts";
import type { GroupDeps, GroupSettings } from "../../core/groups/group-deps.ts";
import { GroupRuns } from "../../core/groups/group-runs.ts";
import { GroupStore } from "../../core/groups/group-store.ts";
import { Reconciler } from "../../core/groups/reconciler.ts";
import { createRunData } from "../../core/groups/run-data.ts";
import type { Logger } from "../../core/log.ts";
import { ApiRequestCounter } from "../../core/metrics/api-request-counter.ts";
import type { ObserverAllowList } from "../../core/observers/observer-allow-list.ts";
import type { SlurmAdapter } from "../../slurm/adapter.ts";
import type { ServiceDeps } from "./service-deps.ts";

export type WireInput = {
  db: Database;
  slurm: SlurmAdapter;
  clock: Clock;
  log: Logger;
  fetch: typeof fetch;
  settings: GroupSettings;
  secret?: string | undefined;
  apiToken?: string | undefined;
  /** Where observer updates may go; handed to every job (its agents enforce it too). */
  observerAllow?: ObserverAllowList | undefined;
  maxBodyBytes?: number | undefined;
  /** Where uploaded per-request records go; `serve` passes one under its data folder. */
  recordsDir?: string | undefined;
};

/**
 * Builds the service's objects once, from the outside world it is given. `serve` passes the
 * real database, Slurm adapter and fetch; tests pass `:memory:`, the fake adapter and stubs.
 */
export function wireService(
  input: WireInput,
): ServiceDeps & { reconciler: Reconciler; groupDeps: GroupDeps } {
  const store = new GroupStore(input.db);
  const tokens = createGroupTokens(loadServiceSecret(store, input.secret), input.clock);
  const groupDeps: GroupDeps = {
    store,
    slurm: input.slurm,
    tokens,
    clock: input.clock,
    agents: createAgentCaller(input.fetch),
    settings: input.observerAllow
      ? { ...input.settings, observerAllow: input.observerAllow.text }
      : input.settings,
    log: input.log,
  };
  const runData = createRunData(
    input.clock,
    input.recordsDir ?? join(tmpdir(), `aifc-records-${process.pid}`),
  );
  return {
    groups: new ClientGroups(groupDeps, runData),
    registrations: new AgentRegistrations(groupDeps, runData),
    runs: new GroupRuns(groupDeps),
    store,
    apiRequests: new ApiRequestCounter(),
    slurmAdapter: input.slurm.name,
    apiToken: input.apiToken,
    observerAllow: input.observerAllow,
    maxBodyBytes: input.maxBodyBytes,
    reconciler: new Reconciler(groupDeps),
    groupDeps,
  };
}

/** Opens (creating its folder) the service's SQLite file; `:memory:` keeps nothing. */
export function openDatabase(path: string): Database {
  return new Database(path, { create: true, strict: true });
}
