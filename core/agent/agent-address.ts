import { createSocket } from "node:dgram";
import { hostname } from "node:os";
import { isLoopbackHost } from "../config/ip-range.ts";

/** Where the agent listens: loopback when the service is on this machine, every interface otherwise. */
export function listenHostname(serviceAddr: string): string {
  const host = new URL(serviceAddr).hostname;
  if (isLoopbackHost(host)) return "127.0.0.1";
  return host.startsWith("[") ? "::" : "0.0.0.0";
}

/**
 * The local address of the interface that routes to `host`: a UDP socket `connect()`ed there
 * picks it, and no packet is sent. Null when there is no route or the name does not resolve.
 */
export function localAddressToward(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const bare = host.replace(/^\[|\]$/g, "");
    const socket = createSocket(bare.includes(":") ? "udp6" : "udp4");
    const finish = (address: string | null) => {
      try {
        socket.close();
      } catch {
        // Already closed after an error.
      }
      resolve(address);
    };
    socket.on("error", () => finish(null));
    try {
      socket.connect(port, bare, () => {
        try {
          finish(socket.address().address);
        } catch {
          finish(null);
        }
      });
    } catch {
      finish(null);
    }
  });
}

export type AddressOptions = {
  serviceAddr: string;
  port: number;
  /** AIFC_AGENT_HOST: an operator's choice wins. */
  override: string | null;
  probe?: (host: string, port: number) => Promise<string | null>;
  fallbackHost?: () => string;
};

/**
 * The URL the head node should use to reach this agent: the override when set, loopback for a
 * service on this machine, else the local IP routing to the service, else the host name.
 */
export async function advertisedAddress(options: AddressOptions): Promise<string> {
  const service = new URL(options.serviceAddr);
  const format = (host: string) =>
    `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${options.port}`;
  if (options.override) return format(options.override);
  if (isLoopbackHost(service.hostname)) return format("127.0.0.1");
  const probe = options.probe ?? localAddressToward;
  const servicePort = Number(service.port) || (service.protocol === "https:" ? 443 : 80);
  const local = await probe(service.hostname, servicePort);
  if (local && local !== "0.0.0.0" && local !== "::") return format(local);
  return format((options.fallbackHost ?? hostname)());
}
