import { z } from "zod";
import {
  canonicalHost,
  type IpRange,
  ipOfHost,
  parseIpRange,
  rangeContains,
  rangeWithin,
} from "../config/ip-range.ts";

/** Where the list is set, named in every refusal so the user knows what to change. */
export const OBSERVER_ALLOW_SETTING = "--observer-allow / AIFC_OBSERVER_ALLOW";

/**
 * Where observer updates may go: exact host names and IP ranges. Empty means anywhere except
 * the link-local ranges, which hold cloud metadata services (169.254.169.254).
 */
export type ObserverAllowList = {
  hosts: ReadonlySet<string>;
  ranges: readonly IpRange[];
  /** The setting as written, normalised (`10.0.0.0/8,monitor.lan`); "" for none. */
  text: string;
};

const LINK_LOCAL = [parseIpRange("169.254.0.0/16"), parseIpRange("fe80::/10")] as IpRange[];
const hostName = z.hostname();

/** No list: every observer host but the link-local ones. */
export const ALLOW_ANY_OBSERVER: ObserverAllowList = { hosts: new Set(), ranges: [], text: "" };

const normalName = (name: string) => name.toLowerCase().replace(/\.$/, "");

/**
 * Reads the comma-separated setting (host names, IPs, CIDRs). Host names match exactly and are
 * never resolved; IPv4 must be dotted decimal. A bad entry is a sentence naming it (callers
 * add where the setting came from).
 *
 * @example
 * parseObserverAllowList("10.0.0.0/8, monitor.lan, fd00::/8")
 */
export function parseObserverAllowList(
  text: string | undefined,
): { ok: true; list: ObserverAllowList } | { ok: false; detail: string } {
  const entries = (text ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hosts = new Set<string>();
  const ranges: IpRange[] = [];
  for (const entry of entries) {
    const range = parseIpRange(entry);
    if (range !== null) {
      ranges.push(range);
      continue;
    }
    const name = normalName(entry);
    // A "name" a URL reads as an address (`2130706433`, `0x7f.1`) would match nothing sensible.
    const isName = hostName.safeParse(name).success && ipOfHost(name) === null;
    if (!isName || entry.length > 253) {
      return {
        ok: false,
        detail: `"${entry}" is not a host name, an IP address (a.b.c.d or IPv6) or a CIDR range`,
      };
    }
    hosts.add(name);
  }
  return { ok: true, list: { hosts, ranges, text: entries.join(",") } };
}

/**
 * Null when updates may go to this observer host, else a sentence naming the host and the
 * setting. The host is read as `fetch` would read it, so `0xA9.254.169.254` is 169.254.169.254.
 * Link-local addresses pass only when an entry inside a link-local range covers them, so a wide
 * entry such as `0.0.0.0/0` never opens the metadata service by accident.
 */
export function observerHostRefusal(list: ObserverAllowList, host: string): string | null {
  const canonical = canonicalHost(host);
  if (canonical === null) return `Observer host "${host}" is not an IP address or a host name`;
  const shown = canonical === host.toLowerCase() ? host : `${host} (${canonical})`;
  const ip = ipOfHost(host);
  if (ip !== null) {
    const linkLocal = LINK_LOCAL.find((range) => rangeContains(range, ip));
    const allowedBy = (range: IpRange) =>
      rangeContains(range, ip) && (linkLocal === undefined || rangeWithin(range, linkLocal));
    if (list.ranges.some(allowedBy)) return null;
    if (linkLocal !== undefined) {
      return `Observer host ${shown} is link-local (169.254.0.0/16, fe80::/10: where cloud metadata services answer); updates go there only when ${OBSERVER_ALLOW_SETTING} names that range`;
    }
    if (list.text === "") return null;
  } else if (list.text === "" || list.hosts.has(normalName(canonical))) {
    return null;
  }
  return `Observer host ${shown} is not in the observer allow-list (${OBSERVER_ALLOW_SETTING}: ${list.text})`;
}
