import { describe, expect, test } from "bun:test";
import { agentOptionsFrom } from "../../../../core/agent/agent-options.ts";
import {
  type ObserverAllowList,
  parseObserverAllowList,
} from "../../../../core/observers/observer-allow-list.ts";
import { createAgentApp } from "../../../../handlers/agent/index.ts";
import { recordingAgentRuntime } from "../../handlers/agent/recording-agent-runtime.ts";
import { serviceWorld } from "./service-world.ts";

function allowList(text: string): ObserverAllowList {
  const parsed = parseObserverAllowList(text);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.list;
}

const observer = (ip_address: string) => ({ ip_address, port: 7000 });
const forwarded = (world: ReturnType<typeof serviceWorld>) =>
  world.agentCalls.filter((c) => c.url.endsWith("/observer"));

describe("the service refuses observers outside the allow-list", () => {
  test("by default a link-local (metadata) address is 403 in any spelling; nothing is forwarded or kept", async () => {
    const world = serviceWorld();
    await world.readyGroup(1, { num_clients: 1 });
    for (const host of ["169.254.169.254", "0xA9.254.169.254", "2852039166", "fe80::1"]) {
      const res = await world.call("POST", "/api/v1/client-group/1/observer", observer(host));
      expect({ host, status: res.status }).toEqual({ host, status: 403 });
      expect(res.body.detail).toContain(host);
      expect(res.body.detail).toContain("--observer-allow / AIFC_OBSERVER_ALLOW");
    }
    expect(forwarded(world)).toEqual([]);
    expect(world.deps.store.observers(1)).toEqual([]);
    expect(
      (await world.call("POST", "/api/v1/client-group/1/observer", observer("10.9.9.9"))).status,
    ).toBe(201);
  });

  test("with a list only its hosts and ranges are forwarded", async () => {
    const world = serviceWorld({ observerAllow: allowList("10.0.0.0/8,monitor.lan") });
    await world.readyGroup(1, { num_clients: 1 });
    const statuses: Record<string, number> = {};
    for (const host of [
      "10.9.9.9",
      "monitor.lan",
      "192.168.0.1",
      "monitor.lan.evil",
      "127.0.0.1",
    ]) {
      statuses[host] = (
        await world.call("POST", "/api/v1/client-group/1/observer", observer(host))
      ).status;
    }
    expect(statuses).toEqual({
      "10.9.9.9": 201,
      "monitor.lan": 201,
      "192.168.0.1": 403,
      "monitor.lan.evil": 403,
      "127.0.0.1": 403,
    });
    expect(forwarded(world).map((c) => (c.body as { ip_address: string }).ip_address)).toEqual([
      "10.9.9.9",
      "monitor.lan",
    ]);
  });

  test("the list travels to the job, and the agent reads the same list from it", async () => {
    const world = serviceWorld({ observerAllow: allowList("10.0.0.0/8, monitor.lan") });
    await world.call("POST", "/api/v1/client-group/1", { num_clients: 1 });
    const env = world.slurm.submitted[0]?.environment ?? {};
    expect(env.AIFC_OBSERVER_ALLOW).toBe("10.0.0.0/8,monitor.lan");
    const agent = agentOptionsFrom(["1", "http://ai:8000", "http://head:8001", "1"], env);
    expect(agent.ok && agent.options.observerAllow).toEqual(allowList("10.0.0.0/8,monitor.lan"));
  });

  test("an agent refuses a bad AIFC_OBSERVER_ALLOW rather than starting without it", () => {
    const agent = agentOptionsFrom(["1", "http://ai:8000", "http://head:8001", "1"], {
      AIFC_OBSERVER_ALLOW: "10.0.0.0/8,not a host",
    });
    expect(agent).toEqual({
      ok: false,
      detail: expect.stringContaining('AIFC_OBSERVER_ALLOW: "not a host"'),
    });
  });
});

describe("the agent enforces the same list on its own /observer", () => {
  const post = (body: unknown) => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

  test("a caller that skips the service is refused with 403 naming the host and the setting", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime, observerAllow: allowList("10.0.0.0/8") });
    for (const host of ["192.168.0.1", "169.254.169.254", "0xA9.254.169.254"]) {
      const res = await app.request("/observer", post(observer(host)));
      expect(res.status).toBe(403);
      const { detail } = (await res.json()) as { detail: string };
      expect(detail).toContain(host);
      expect(detail).toContain("AIFC_OBSERVER_ALLOW");
    }
    expect((await app.request("/observer", post(observer("10.1.1.1")))).status).toBe(201);
    expect(calls).toEqual(["observer 10.1.1.1:7000 every 1000"]);
  });

  test("with no list the agent still refuses link-local addresses", async () => {
    const { runtime, calls } = recordingAgentRuntime();
    const app = createAgentApp({ runtime });
    expect((await app.request("/observer", post(observer("169.254.169.254")))).status).toBe(403);
    expect(calls).toEqual([]);
  });
});
