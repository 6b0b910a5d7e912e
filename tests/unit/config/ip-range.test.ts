import { describe, expect, test } from "bun:test";
import {
  canonicalHost,
  ipOfHost,
  isLoopbackHost,
  parseIpRange,
  rangeContains,
} from "../../../core/config/ip-range.ts";

const ip = (host: string) => {
  const found = ipOfHost(host);
  if (found === null) throw new Error(`${host} is not an address`);
  return found;
};

describe("hosts as a URL reads them", () => {
  test("every spelling fetch accepts for an IPv4 address is that address", () => {
    for (const spelling of [
      "169.254.169.254",
      "0xA9.254.169.254",
      "0251.0376.0251.0376",
      "2852039166",
      "169.254.43518",
      "169.254.169.254.",
      "::ffff:169.254.169.254",
      "[::ffff:a9fe:a9fe]",
    ]) {
      expect({ spelling, ip: ipOfHost(spelling) }).toEqual({
        spelling,
        ip: { family: 4, value: 0xa9fea9fen },
      });
    }
  });

  test("IPv6 is read in any case and compression; names are names", () => {
    expect(ipOfHost("FE80::0001")).toEqual(ipOfHost("fe80:0:0:0:0:0:0:1"));
    expect(ip("fe80::1").family).toBe(6);
    expect(ipOfHost("monitor.example.org")).toBeNull();
    expect(canonicalHost("Monitor.Example.ORG")).toBe("monitor.example.org");
  });

  test("text that would move the host elsewhere in a URL is no host at all", () => {
    for (const host of ["evil@10.0.0.1", "a/b", "a?b", "a#b", "a b", "", "fe80::1%eth0", "a\\b"]) {
      expect(canonicalHost(host)).toBeNull();
    }
  });
});

describe("CIDR ranges", () => {
  test("a range holds exactly its addresses", () => {
    const range = parseIpRange("10.1.0.0/16");
    if (range === null) throw new Error("no range");
    expect(rangeContains(range, ip("10.1.255.255"))).toBe(true);
    expect(rangeContains(range, ip("10.2.0.0"))).toBe(false);
    expect(rangeContains(range, ip("::ffff:10.1.2.3"))).toBe(true);
    const v6 = parseIpRange("fd00::/8");
    if (v6 === null) throw new Error("no range");
    expect(rangeContains(v6, ip("fd12::1"))).toBe(true);
    expect(rangeContains(v6, ip("10.1.2.3"))).toBe(false);
  });

  test("host bits are cleared; single addresses are /32 or /128", () => {
    expect(parseIpRange("10.1.2.3/8")).toEqual({ family: 4, base: 0x0a000000n, prefix: 8 });
    expect(parseIpRange("10.1.2.3")).toEqual({ family: 4, base: 0x0a010203n, prefix: 32 });
    expect(parseIpRange("::1")?.prefix).toBe(128);
  });

  test("bad ranges and unclear IPv4 spellings are refused", () => {
    for (const text of [
      "10.0.0.0/33",
      "fe80::/129",
      "10.0.0/8",
      "0x7f.0.0.1",
      "2130706433",
      "a.b",
      "10.0.0.0/",
    ]) {
      expect(parseIpRange(text)).toBeNull();
    }
  });
});

describe("loopback bind addresses", () => {
  test("localhost, 127.0.0.0/8 and ::1 are loopback; 0.0.0.0, :: and real addresses are not", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "head-node", "::ffff:10.0.0.5"]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });
});
