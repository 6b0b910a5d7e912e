import { describe, expect, test } from "bun:test";
import {
  ALLOW_ANY_OBSERVER,
  type ObserverAllowList,
  observerHostRefusal,
  parseObserverAllowList,
} from "../../../core/observers/observer-allow-list.ts";

function allowList(text: string): ObserverAllowList {
  const parsed = parseObserverAllowList(text);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.list;
}

const allowed = (list: ObserverAllowList, host: string) => observerHostRefusal(list, host) === null;

const LINK_LOCAL_SPELLINGS = [
  "169.254.169.254",
  "0xA9.254.169.254",
  "2852039166",
  "169.254.169.254.",
  "::ffff:169.254.169.254",
  "fe80::1",
  "FE80::a:b",
];

describe("observer allow-list", () => {
  test("with no list every host is allowed except link-local ones, however they are spelt", () => {
    for (const host of ["10.0.0.9", "127.0.0.1", "::1", "fd00::1", "monitor.example.org"]) {
      expect({ host, ok: allowed(ALLOW_ANY_OBSERVER, host) }).toEqual({ host, ok: true });
    }
    for (const host of LINK_LOCAL_SPELLINGS) {
      const refusal = observerHostRefusal(ALLOW_ANY_OBSERVER, host);
      expect(refusal).toContain(host);
      expect(refusal).toContain("link-local");
      expect(refusal).toContain("AIFC_OBSERVER_ALLOW");
    }
  });

  test("a list allows its CIDRs, IPs and exact host names, and nothing else", () => {
    const list = allowList(" 10.0.0.0/8, monitor.lan., 192.168.1.7 ,fd00::/8 ");
    expect(list.text).toBe("10.0.0.0/8,monitor.lan.,192.168.1.7,fd00::/8");
    for (const host of [
      "10.200.0.1",
      "::ffff:10.0.0.1",
      "MONITOR.lan",
      "monitor.lan.",
      "192.168.1.7",
      "fd00::9",
    ]) {
      expect({ host, ok: allowed(list, host) }).toEqual({ host, ok: true });
    }
    for (const host of [
      "11.0.0.1",
      "192.168.1.8",
      "monitor.lan.evil.com",
      "evil-monitor.lan",
      "fe00::1",
      "localhost",
    ]) {
      const refusal = observerHostRefusal(list, host);
      expect(refusal).toContain(host);
      expect(refusal).toContain("not in the observer allow-list");
      expect(refusal).toContain("--observer-allow / AIFC_OBSERVER_ALLOW: 10.0.0.0/8,monitor.lan.");
    }
  });

  test("an IP spelt as a number is matched as the address it is, never as a name", () => {
    const list = allowList("10.0.0.0/8");
    expect(allowed(list, "167772161")).toBe(true);
    expect(observerHostRefusal(allowList("monitor.lan"), "0x7f.1")).toContain("0x7f.1 (127.0.0.1)");
  });

  test("link-local addresses pass only when an entry inside a link-local range names them", () => {
    for (const text of ["0.0.0.0/0", "128.0.0.0/1", "::/0", "169.0.0.0/8"]) {
      for (const host of LINK_LOCAL_SPELLINGS) {
        expect({ text, host, ok: allowed(allowList(text), host) }).toEqual({
          text,
          host,
          ok: false,
        });
      }
    }
    expect(allowed(allowList("169.254.169.254"), "0xA9.254.169.254")).toBe(true);
    expect(allowed(allowList("169.254.0.0/16"), "169.254.1.2")).toBe(true);
    expect(allowed(allowList("169.254.169.254"), "169.254.169.253")).toBe(false);
    expect(allowed(allowList("fe80::/10"), "fe80::1")).toBe(true);
  });

  test("bad entries are refused with a sentence naming them", () => {
    for (const entry of [
      "10.0.0.0/33",
      "2130706433",
      "0x7f.0.0.1",
      "bad_host",
      "http://x",
      "a..b",
    ]) {
      const parsed = parseObserverAllowList(`10.0.0.0/8,${entry}`);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.detail).toContain(`"${entry}"`);
    }
    expect(parseObserverAllowList(undefined)).toEqual({ ok: true, list: ALLOW_ANY_OBSERVER });
    expect(parseObserverAllowList(" , ")).toEqual({ ok: true, list: ALLOW_ANY_OBSERVER });
  });
});
