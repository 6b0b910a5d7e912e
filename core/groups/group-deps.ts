import type { SlurmAdapter } from "../../slurm/adapter.ts";
import type { GroupTokens } from "../auth/group-token.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { AgentCaller } from "./agent-caller.ts";
import type { GroupStore } from "./group-store.ts";

/** Where jobs find the project and the service; fixed for the life of the service process. */
export type GroupSettings = {
  /** Default AI server for groups whose load spec names none. */
  serverAddr: string;
  /** The address agents use to reach this service (`http://head-node:8001`). */
  serviceAddr: string;
  projectDir: string;
  bunPath: string;
  /** Apptainer image the job runs the agent in, or null to run it directly. */
  containerImage: string | null;
  /** Off lets clients of the original, which send no token, register. */
  agentAuth: boolean;
  /** How long a job may wait in the queue before its token expires, on top of its time limit. */
  queueAllowanceS: number;
  /** How long after the job starts the agents have to register before the group fails. */
  registrationDeadlineS: number;
  /** The observer allow-list, handed to every job so its agents enforce it too. */
  observerAllow?: string | undefined;
};

export type GroupDeps = {
  store: GroupStore;
  slurm: SlurmAdapter;
  tokens: GroupTokens;
  clock: Clock;
  agents: AgentCaller;
  settings: GroupSettings;
  log: Logger;
};

/** Unix time in seconds, the unit the API reports (as the original's `time.time()`). */
export const nowSeconds = (clock: Clock) => clock.now() / 1000;
