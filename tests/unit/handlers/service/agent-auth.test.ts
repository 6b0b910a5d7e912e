import { afterEach, describe, expect, test } from "bun:test";
import { SignJWT } from "jose";
import { sampleReport, serviceWorld } from "./service-world.ts";

const SECRET = "a-test-secret-of-at-least-thirty-two-chars";
const key = new TextEncoder().encode(SECRET);

const worlds: Array<ReturnType<typeof serviceWorld>> = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.removeRecords();
});

/** Group 1 running with one agent, group 2 submitted; both groups' tokens. */
async function twoGroups() {
  const world = serviceWorld({ secret: SECRET });
  worlds.push(world);
  const tokenA = await world.readyGroup(1, { num_clients: 1 });
  await world.call("POST", "/api/v1/client-group/1/run");
  await world.call("POST", "/api/v1/client-group/2", { num_clients: 1 });
  return { world, tokenA, tokenB: world.tokenOf(1), runId: world.sentRunId() };
}

/** A token as the service mints them, with claims a test chooses. */
async function mint(
  claims: { sub?: string; aud?: string; iss?: string; iatS: number; expS: number },
  secret = key,
  alg = "HS256",
) {
  return new SignJWT({})
    .setProtectedHeader({ alg })
    .setSubject(claims.sub ?? "group:1")
    .setAudience(claims.aud ?? "aifc-agent")
    .setIssuer(claims.iss ?? "aifc-client-service")
    .setIssuedAt(claims.iatS)
    .setExpirationTime(claims.expS)
    .sign(secret);
}

type World = ReturnType<typeof serviceWorld>;

/** The four agent calls, each with a body the service would accept from group 1's agent. */
function agentCalls(runId: string) {
  return {
    connect: (world: World, headers: Record<string, string>) =>
      world.call(
        "POST",
        "/api/v1/client-group/1/connect",
        { client_address: "http://10.0.0.1:9000" },
        headers,
      ),
    progress: (world: World, headers: Record<string, string>) =>
      world.call(
        "POST",
        "/api/v1/client-group/1/progress",
        { task_index: 0, run_id: runId, completed: 3, failed: 0 },
        headers,
      ),
    results: (world: World, headers: Record<string, string>) =>
      world.call("POST", "/api/v1/client-group/1/results", sampleReport(runId), headers),
    records: async (world: World, headers: Record<string, string>) => {
      const response = await world.app.request(
        `/api/v1/client-group/1/records?task_index=0&run_id=${runId}`,
        {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", ...headers },
          body: '{"i":1}\n',
        },
      );
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
      return { status: response.status, body: (await response.json()) as any };
    },
  };
}

/** Everything an agent call could change: the group as users see it, and its reports. */
const snapshot = async (world: World, runId: string) => ({
  group: (await world.call("GET", "/api/v1/client-group/1")).body,
  reports: world.deps.store.reports(1, runId),
  records: (await world.call("GET", "/api/v1/client-group/1/records")).status,
});

describe("agent calls need their own group's valid token", () => {
  test("no token, garbage, another group's, expired, foreign-secret, wrong-audience and alg-none tokens are 401 on every agent call, and change nothing", async () => {
    const { world, tokenB, runId } = await twoGroups();
    const nowS = Math.floor(world.clock.now() / 1000);
    const bad: Record<string, Record<string, string>> = {
      "no header": {},
      "a non-bearer header": { authorization: "Basic dXNlcjpwYXNz" },
      garbage: world.bearer("not.a.jwt"),
      "group 2's token": world.bearer(tokenB),
      "an expired token signed with the service's own secret": world.bearer(
        await mint({ iatS: nowS - 7200, expS: nowS - 60 }),
      ),
      "a token signed with another secret": world.bearer(
        await mint(
          { iatS: nowS, expS: nowS + 600 },
          new TextEncoder().encode("another-secret-another-secret-another"),
        ),
      ),
      "a token for another audience": world.bearer(
        await mint({ aud: "someone-else", iatS: nowS, expS: nowS + 600 }),
      ),
      "a token naming no group": world.bearer(
        await mint({ sub: "group:1 ", iatS: nowS, expS: nowS + 600 }),
      ),
      "an unsigned token": world.bearer(
        `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(
          JSON.stringify({ sub: "group:1", aud: "aifc-agent", iss: "aifc-client-service" }),
        )}.`.replaceAll("=", ""),
      ),
    };
    const calls = agentCalls(runId);
    const before = await snapshot(world, runId);
    for (const [what, headers] of Object.entries(bad)) {
      for (const [name, call] of Object.entries(calls)) {
        const res = await call(world, headers);
        expect({ what, name, status: res.status }).toEqual({ what, name, status: 401 });
        expect(typeof res.body.detail).toBe("string");
      }
    }
    expect(await snapshot(world, runId)).toEqual(before);
  });

  test("the expired and foreign-group refusals say why", async () => {
    const { world, tokenB, runId } = await twoGroups();
    const nowS = Math.floor(world.clock.now() / 1000);
    const calls = agentCalls(runId);
    const expired = world.bearer(await mint({ iatS: nowS - 7200, expS: nowS - 1 }));
    expect((await calls.progress(world, expired)).body.detail).toBe("Agent token has expired");
    expect((await calls.results(world, world.bearer(tokenB))).body.detail).toBe(
      "Agent token belongs to another group",
    );
  });

  test("the group's own token, minted the same way, is accepted on every agent call", async () => {
    const { world, runId } = await twoGroups();
    const nowS = Math.floor(world.clock.now() / 1000);
    const own = world.bearer(await mint({ iatS: nowS, expS: nowS + 600 }));
    const calls = agentCalls(runId);
    expect((await calls.connect(world, own)).status).toBe(201);
    expect((await calls.progress(world, own)).status).toBe(200);
    expect((await calls.results(world, own)).status).toBe(200);
    expect((await calls.records(world, own)).status).toBe(200);
  });

  test("a token stops working once the clock passes its expiry", async () => {
    const { world, tokenA, runId } = await twoGroups();
    const calls = agentCalls(runId);
    expect((await calls.progress(world, world.bearer(tokenA))).status).toBe(200);
    // time_limit 5 min + the world's 1 h queue allowance
    world.clock.advance((5 * 60 + 3600 + 1) * 1000);
    expect((await calls.progress(world, world.bearer(tokenA))).status).toBe(401);
  });
});
