import { isLoopbackHost } from "../../core/config/ip-range.ts";
import type { Logger } from "../../core/log.ts";

export type ExposureSettings = {
  /** The address the service binds. */
  host: string;
  port: number;
  apiToken?: string | undefined;
  agentAuth: boolean;
};

/**
 * Warns once, at start-up, about settings that let anyone who can reach the port act: a
 * non-loopback bind without AIFC_API_TOKEN, and agent auth switched off. Returns the events
 * logged, so `serve` and its tests see the same thing.
 */
export function warnAboutExposure(settings: ExposureSettings, log: Logger): string[] {
  const events: string[] = [];
  if (!isLoopbackHost(settings.host) && !settings.apiToken) {
    log.warn("api_token_missing", {
      detail: `WARNING: listening on ${settings.host} without AIFC_API_TOKEN: anyone who can reach port ${settings.port} can create, run and delete benchmarks. Set AIFC_API_TOKEN to require a bearer token.`,
    });
    events.push("api_token_missing");
  }
  if (!settings.agentAuth) {
    log.warn("agent_auth_off", {
      detail: "WARNING: --agent-auth off: any process may register as an agent of any group.",
    });
    events.push("agent_auth_off");
  }
  return events;
}
