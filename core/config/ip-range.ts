/** An IP address as a number: 32 bits for IPv4, 128 for IPv6. */
export type IpAddress = { family: 4 | 6; value: bigint };

/** A CIDR block: the addresses whose first `prefix` bits equal `base`'s. */
export type IpRange = { family: 4 | 6; base: bigint; prefix: number };

const BITS = { 4: 32, 6: 128 } as const;
const MAPPED_V4 = 0xffffn; // ::ffff:a.b.c.d
// Characters that would make a URL read part of the text as something other than the host.
const NOT_HOST = /[\s/\\?#@%]/;

/**
 * The host a URL with this host reaches, as the WHATWG URL parser (and so `fetch`) reads it:
 * `0xA9.254.169.254`, `2852039166` and `169.254.169.254.` all become `169.254.169.254`, IPv6 is
 * compressed and bracketed. Null when no URL could have this host.
 */
export function canonicalHost(host: string): string | null {
  if (host === "" || NOT_HOST.test(host)) return null;
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  try {
    const url = new URL(`http://${bracketed}/`);
    return url.hostname === "" ? null : url.hostname;
  } catch {
    return null;
  }
}

function ipv6Value(text: string): bigint {
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

/**
 * The address a host names, read the way a URL reads it; null for a host name (which is never
 * resolved here). An IPv4-mapped IPv6 address (`::ffff:169.254.169.254`) counts as its IPv4.
 */
export function ipOfHost(host: string): IpAddress | null {
  const canonical = canonicalHost(host);
  if (canonical === null) return null;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(canonical);
  if (v4) {
    const value = v4.slice(1).reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n);
    return { family: 4, value };
  }
  if (!canonical.startsWith("[")) return null;
  const value = ipv6Value(canonical.slice(1, -1));
  if (value >> 32n === MAPPED_V4) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/**
 * A range written as `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `x::/n`; null when the text is
 * not one. IPv4 must be dotted decimal: the other spellings a URL accepts are refused as unclear.
 */
export function parseIpRange(text: string): IpRange | null {
  const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text);
  if (!match) return null;
  const [, address = "", prefixText] = match;
  if (!address.includes(":") && !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return null;
  const ip = ipOfHost(address);
  if (ip === null) return null;
  // An IPv4-mapped IPv6 block becomes the IPv4 block it covers.
  const mappedShift = address.includes(":") && ip.family === 4 ? 96 : 0;
  const prefix = prefixText === undefined ? BITS[ip.family] : Number(prefixText) - mappedShift;
  if (prefix < 0 || prefix > BITS[ip.family]) return null;
  const hostBits = BigInt(BITS[ip.family] - prefix);
  return { family: ip.family, base: (ip.value >> hostBits) << hostBits, prefix };
}

/** Whether the range holds the address (never across families). */
export function rangeContains(range: IpRange, ip: IpAddress): boolean {
  if (range.family !== ip.family) return false;
  const hostBits = BigInt(BITS[range.family] - range.prefix);
  return ip.value >> hostBits === range.base >> hostBits;
}

/** Whether `inner` lies wholly inside `outer`. */
export function rangeWithin(inner: IpRange, outer: IpRange): boolean {
  return (
    inner.prefix >= outer.prefix &&
    rangeContains(outer, { family: inner.family, value: inner.base })
  );
}

const LOOPBACK = [parseIpRange("127.0.0.0/8"), parseIpRange("::1")] as IpRange[];

/** Whether a bind address only listens on this machine (`localhost`, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  if (canonicalHost(host) === "localhost") return true;
  const ip = ipOfHost(host);
  return ip !== null && LOOPBACK.some((range) => rangeContains(range, ip));
}
