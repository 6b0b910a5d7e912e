import { createHash, timingSafeEqual } from "node:crypto";

/** Compares a presented token with the configured one in constant time (hashes have equal length). */
export function tokenMatches(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
