import { readFileSync } from "node:fs";
import type { Clock } from "../core/clock.ts";
import type { SlurmConfig } from "../core/config/slurm-config.ts";
import { decodeSlurmToken, mintSlurmToken, type SlurmToken } from "../core/config/slurm-token.ts";
import type { Logger } from "../core/log.ts";
import { SlurmError } from "./adapter.ts";
import { commandMessage, missingCommandError } from "./command-error.ts";
import type { CommandRunner } from "./command-runner.ts";

/** Lifetime of the tokens this source makes itself (minted or from scontrol). */
export const TOKEN_LIFESPAN_S = 3600;

export type SlurmTokenSourceOptions = {
  config: Pick<SlurmConfig, "jwt" | "jwt_key" | "user_name">;
  clock: Clock;
  /** Runs `scontrol token`; only used when the config holds neither jwt nor jwt_key. */
  run: CommandRunner;
  env?: Record<string, string>;
  readKey?: (file: string) => Uint8Array;
  log?: Logger;
};

/** Where the token comes from, in the order the config is read. */
export type SlurmTokenKind = "jwt" | "jwt_key" | "scontrol";

/**
 * The Slurm token REST requests carry (the original's `SlurmToken`): the config's fixed `jwt`
 * (or SLURM_JWT), else one minted from the `jwt_key` file, else one from `scontrol token`. Minted
 * and scontrol tokens are replaced before they expire; a fixed one is only warned about.
 *
 * @example
 * const tokens = new SlurmTokenSource({ config, clock: systemClock, run: spawnRunner() });
 * const { user, token } = await tokens.current();
 */
export class SlurmTokenSource {
  readonly kind: SlurmTokenKind;
  private cached: SlurmToken | null = null;
  private warnedExpiry = false;

  constructor(private readonly options: SlurmTokenSourceOptions) {
    const { config } = options;
    this.kind = config.jwt ? "jwt" : config.jwt_key ? "jwt_key" : "scontrol";
    if (config.jwt) this.cached = this.decode(config.jwt, "the config's jwt (or SLURM_JWT)");
    if (this.kind === "jwt_key" && !config.user_name) {
      throw new Error(
        "The Slurm config has jwt_key but no user_name: name the user tokens are minted for",
      );
    }
  }

  /** A token that is valid now, refreshed first when it expires within EXPIRING_SOON_S. */
  async current(): Promise<SlurmToken> {
    const now = this.options.clock.now();
    const token = this.cached === null ? null : this.decode(this.cached.token, "the Slurm token");
    if (token !== null && (!token.expiringSoon || this.kind === "jwt")) {
      if (this.kind === "jwt") this.checkFixed(token);
      return token;
    }
    const fresh = this.decode(await this.fetchNew(now), `the token from ${this.kind}`);
    this.cached = fresh;
    this.options.log?.info("slurm_token_refreshed", {
      source: this.kind,
      user: fresh.user,
      expires_at: fresh.expiresAt.toISOString(),
    });
    return fresh;
  }

  private checkFixed(token: SlurmToken): void {
    if (token.remainingS <= 0) {
      throw new SlurmError(
        `The Slurm token for ${token.user} expired at ${token.expiresAt.toISOString()}: set a new one (scontrol token) in the config's jwt or SLURM_JWT, or give jwt_key`,
        "unavailable",
      );
    }
    if (token.expiringSoon && !this.warnedExpiry) {
      this.warnedExpiry = true;
      this.options.log?.warn("slurm_token_expiring", {
        user: token.user,
        remaining_s: token.remainingS,
        detail: "the config's fixed jwt cannot be refreshed",
      });
    }
  }

  private async fetchNew(now: number): Promise<string> {
    const { config } = this.options;
    if (this.kind === "jwt_key") {
      const file = config.jwt_key as string;
      let key: Uint8Array;
      try {
        key = (this.options.readKey ?? ((f) => readFileSync(f)))(file);
      } catch (error) {
        throw new SlurmError(
          `Cannot read the Slurm jwt key ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
          "unavailable",
        );
      }
      return mintSlurmToken(key, config.user_name as string, TOKEN_LIFESPAN_S, now);
    }
    const argv = ["scontrol", "token", `lifespan=${TOKEN_LIFESPAN_S}`];
    if (config.user_name) argv.push(`username=${config.user_name}`);
    let result: Awaited<ReturnType<CommandRunner>>;
    try {
      result = await this.options.run(argv, { env: this.options.env });
    } catch (error) {
      throw missingCommandError("scontrol", error);
    }
    if (result.code !== 0) {
      throw new SlurmError(
        `scontrol token failed: ${commandMessage("scontrol", result)}`,
        "unavailable",
      );
    }
    const token = /SLURM_JWT=(\S+)/.exec(result.stdout)?.[1];
    if (!token) {
      throw new SlurmError(
        `scontrol token printed no SLURM_JWT=...: ${result.stdout.trim()}`,
        "unavailable",
      );
    }
    return token;
  }

  private decode(token: string, what: string): SlurmToken {
    try {
      return decodeSlurmToken(token, this.options.clock.now());
    } catch (error) {
      throw new SlurmError(`${(error as Error).message} (${what})`, "unavailable");
    }
  }
}
