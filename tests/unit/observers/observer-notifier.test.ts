import { describe, expect, test } from "bun:test";
import { observerUrl } from "../../../core/observers/observer-notifier.ts";

describe("observerUrl", () => {
  test("updates go to /update on the observer's host and port", () => {
    expect(observerUrl({ ip_address: "10.0.0.5", port: 80 })).toBe("http://10.0.0.5:80/update");
    expect(observerUrl({ ip_address: "monitor.example.org", port: 9 })).toBe(
      "http://monitor.example.org:9/update",
    );
  });

  test("an IPv6 observer's address gets brackets", () => {
    expect(observerUrl({ ip_address: "::1", port: 9 })).toBe("http://[::1]:9/update");
  });
});
