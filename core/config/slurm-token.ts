import { decodeJwt, SignJWT } from "jose";
import { z } from "zod";

/** The claims Slurm's auth/jwt reads: the user (`sun`), issue and expiry times (Unix seconds). */
export const SlurmTokenClaims = z.object({
  sun: z.string().min(1, "the token names no user (claim sun)"),
  iat: z.number().optional(),
  exp: z.number({ error: "the token has no expiry (claim exp)" }),
});
export type SlurmTokenClaims = z.infer<typeof SlurmTokenClaims>;

/** How long before expiry a token counts as expiring soon, and is refreshed where possible. */
export const EXPIRING_SOON_S = 300;

/** A decoded Slurm token, as the original's `SlurmToken` showed it. */
export type SlurmToken = {
  token: string;
  user: string;
  issuedAt: Date | null;
  expiresAt: Date;
  /** Seconds until it expires (negative once expired). */
  remainingS: number;
  expiringSoon: boolean;
};

/**
 * Decodes (without verifying: only Slurm holds the key) a Slurm JWT with jose's `decodeJwt`.
 * Throws an Error with a sentence when the text is not a Slurm token.
 *
 * @example
 * const { user, remainingS, expiringSoon } = decodeSlurmToken(process.env.SLURM_JWT, Date.now());
 */
export function decodeSlurmToken(token: string, nowMs: number): SlurmToken {
  let payload: unknown;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    throw new Error(`The Slurm token is not a JWT: ${(error as Error).message}`);
  }
  const claims = SlurmTokenClaims.safeParse(payload);
  if (!claims.success) {
    throw new Error(`The Slurm token is not usable: ${claims.error.issues[0]?.message}`);
  }
  const { sun, iat, exp } = claims.data;
  const remainingS = Math.floor(exp - nowMs / 1000);
  return {
    token,
    user: sun,
    issuedAt: iat === undefined ? null : new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
    remainingS,
    expiringSoon: remainingS < EXPIRING_SOON_S,
  };
}

/**
 * Mints a token exactly as `scontrol token` does: HS256 over `{exp, iat, sun}` with the cluster's
 * jwt key (the raw bytes of the key file named by AuthAltParameters=jwt_key=...).
 *
 * @example
 * const token = await mintSlurmToken(readFileSync("/etc/slurm/jwt_hs256.key"), "alice", 3600, Date.now());
 */
export async function mintSlurmToken(
  key: Uint8Array,
  user: string,
  lifespanS: number,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ sun: user })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifespanS)
    .sign(key);
}
