import { errors, jwtVerify, SignJWT } from "jose";
import type { Clock } from "../clock.ts";

const AUDIENCE = "aifc-agent";
const ISSUER = "aifc-client-service";

export type GroupTokens = {
  /** A token that lets the agents of one group register and upload, valid for `lifetimeS`. */
  sign(benchmarkId: number, lifetimeS: number): Promise<string>;
  /** Null when the token is valid for this group, else a sentence saying why it is not. */
  check(token: string | null, benchmarkId: number): Promise<string | null>;
};

/**
 * Group registration tokens: HS256 JWTs signed with the service's secret, scoped to one
 * benchmark id (`sub`), so a token leaked from one job cannot act on another group.
 */
export function createGroupTokens(secret: Uint8Array, clock: Clock): GroupTokens {
  return {
    async sign(benchmarkId, lifetimeS) {
      const iat = Math.floor(clock.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(`group:${benchmarkId}`)
        .setAudience(AUDIENCE)
        .setIssuer(ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeS)
        .sign(secret);
    },
    async check(token, benchmarkId) {
      if (!token)
        return "Missing agent token: send the group's token as 'Authorization: Bearer <token>'";
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ["HS256"],
          audience: AUDIENCE,
          issuer: ISSUER,
          currentDate: new Date(clock.now()),
        });
        if (payload.sub !== `group:${benchmarkId}`) return "Agent token belongs to another group";
        return null;
      } catch (error) {
        if (error instanceof errors.JWTExpired) return "Agent token has expired";
        return "Invalid agent token";
      }
    },
  };
}

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match ? (match[1] as string) : null;
}
