import type { AgentRegistrations } from "../../core/groups/agent-registrations.ts";
import type { ClientGroups } from "../../core/groups/client-groups.ts";
import type { GroupRuns } from "../../core/groups/group-runs.ts";
import type { GroupStore } from "../../core/groups/group-store.ts";
import type { ApiRequestCounter } from "../../core/metrics/api-request-counter.ts";
import type { ObserverAllowList } from "../../core/observers/observer-allow-list.ts";

/** Everything the service's handlers use, built once by `serve` (or by a test, with fakes). */
export type ServiceDeps = {
  groups: ClientGroups;
  registrations: AgentRegistrations;
  runs: GroupRuns;
  store: GroupStore;
  apiRequests: ApiRequestCounter;
  slurmAdapter: string;
  /** When set, user calls need it as a bearer token. */
  apiToken?: string | undefined;
  /** Where observer updates may go; default anywhere but link-local addresses. */
  observerAllow?: ObserverAllowList | undefined;
  /** Largest JSON request body; default 1 MiB. */
  maxBodyBytes?: number | undefined;
};
