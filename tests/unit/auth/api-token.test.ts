import { describe, expect, test } from "bun:test";
import { type ConstantTimeEqual, tokenMatches } from "../../../core/auth/api-token.ts";

/** A compare that records what it was given and answers as Node's would. */
function recordingEqual() {
  const seen: Array<[number, number]> = [];
  const equal: ConstantTimeEqual = (a, b) => {
    seen.push([a.length, b.length]);
    return Buffer.compare(a, b) === 0;
  };
  return { equal, seen };
}

describe("API token comparison", () => {
  test("matches only the exact token", () => {
    expect(tokenMatches("s3cret-token-0123456789", "s3cret-token-0123456789")).toBe(true);
    expect(tokenMatches("s3cret-token-0123456788", "s3cret-token-0123456789")).toBe(false);
    expect(tokenMatches("s3cret-token-0123456789x", "s3cret-token-0123456789")).toBe(false);
    expect(tokenMatches("", "s3cret-token-0123456789")).toBe(false);
    expect(tokenMatches(null, "s3cret-token-0123456789")).toBe(false);
  });

  test("every presented token, of any length, goes through one constant-time compare of two 32-byte digests", () => {
    const expected = "s3cret-token-0123456789";
    for (const presented of [
      expected,
      "s3cret-token-0123456780",
      "s",
      "",
      "x".repeat(10_000),
      "ü".repeat(23),
    ]) {
      const { equal, seen } = recordingEqual();
      expect(tokenMatches(presented, expected, equal)).toBe(presented === expected);
      expect(seen).toEqual([[32, 32]]);
    }
  });

  test("the answer is the compare's, not a shortcut's", () => {
    expect(tokenMatches("wrong", "right", () => true)).toBe(true);
    expect(tokenMatches("right", "right", () => false)).toBe(false);
  });
});
