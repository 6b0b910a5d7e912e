import { createHash, timingSafeEqual } from "node:crypto";

/** Compares two equal-length buffers; the default is Node's constant-time compare. */
export type ConstantTimeEqual = (a: Uint8Array, b: Uint8Array) => boolean;

/**
 * Compares a presented token with the configured one in constant time: both are hashed first,
 * so the compare always sees two 32-byte digests and a token's length leaks nothing either.
 * (`equal` is replaceable so a test can see that every comparison goes through it.)
 */
export function tokenMatches(
  presented: string | null,
  expected: string,
  equal: ConstantTimeEqual = timingSafeEqual,
): boolean {
  if (presented === null) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return equal(a, b);
}
