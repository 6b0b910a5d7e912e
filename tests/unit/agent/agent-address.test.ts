import { describe, expect, test } from "bun:test";
import {
  advertisedAddress,
  listenHostname,
  localAddressToward,
} from "../../../core/agent/agent-address.ts";
import { isLoopbackHost } from "../../../core/config/ip-range.ts";

describe("agent addresses", () => {
  test("loopback hosts are recognised", () => {
    expect(["localhost", "127.0.0.1", "127.1.2.3", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(isLoopbackHost("10.0.0.1")).toBe(false);
  });

  test("the agent listens on loopback only for a local service", () => {
    expect(listenHostname("http://127.0.0.1:8001")).toBe("127.0.0.1");
    expect(listenHostname("http://head:8001")).toBe("0.0.0.0");
  });

  test("a local service is given a loopback address", async () => {
    const address = await advertisedAddress({
      serviceAddr: "http://localhost:8001",
      port: 4321,
      override: null,
    });
    expect(address).toBe("http://127.0.0.1:4321");
  });

  test("a remote service is given the address that routes to it", async () => {
    const asked: Array<[string, number]> = [];
    const address = await advertisedAddress({
      serviceAddr: "http://head.cluster:8001",
      port: 5000,
      override: null,
      probe: async (host, port) => {
        asked.push([host, port]);
        return "10.1.2.3";
      },
    });
    expect(address).toBe("http://10.1.2.3:5000");
    expect(asked).toEqual([["head.cluster", 8001]]);
  });

  test("without a route the host name is used, and an override always wins", async () => {
    const fallback = await advertisedAddress({
      serviceAddr: "http://head:8001",
      port: 1,
      override: null,
      probe: async () => null,
      fallbackHost: () => "node07",
    });
    expect(fallback).toBe("http://node07:1");
    const chosen = await advertisedAddress({
      serviceAddr: "http://127.0.0.1:8001",
      port: 2,
      override: "ib0-node07",
    });
    expect(chosen).toBe("http://ib0-node07:2");
  });

  test("the UDP probe finds the loopback interface for a loopback target", async () => {
    expect(await localAddressToward("127.0.0.1", 9)).toBe("127.0.0.1");
  });
});
