import { describe, expect, test } from "bun:test";
import { decodeJwt } from "jose";
import { tokenMatches } from "../../../core/auth/api-token.ts";
import { bearerToken, createGroupTokens } from "../../../core/auth/group-token.ts";
import { manualClock } from "../../../core/clock.ts";

const secret = new Uint8Array(32).fill(7);

describe("group tokens", () => {
  test("a token is valid for its own group only, and says so", async () => {
    const tokens = createGroupTokens(secret, manualClock());
    const token = await tokens.sign(5, 600);
    expect(await tokens.check(token, 5)).toBeNull();
    expect(await tokens.check(token, 6)).toBe("Agent token belongs to another group");
    expect(decodeJwt(token)).toMatchObject({ sub: "group:5", aud: "aifc-agent" });
  });

  test("an expired token, a missing one and one signed with another secret are refused", async () => {
    const clock = manualClock();
    const tokens = createGroupTokens(secret, clock);
    const token = await tokens.sign(5, 60);
    clock.advance(61_000);
    expect(await tokens.check(token, 5)).toBe("Agent token has expired");
    expect(await tokens.check(null, 5)).toContain("Missing agent token");
    const other = await createGroupTokens(new Uint8Array(32).fill(9), clock).sign(5, 60);
    expect(await tokens.check(other, 5)).toBe("Invalid agent token");
  });

  test("bearer headers are read strictly", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  test("API token comparison matches only the exact token", () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abd", "abc")).toBe(false);
    expect(tokenMatches("abcabc", "abc")).toBe(false);
    expect(tokenMatches(null, "abc")).toBe(false);
  });
});
