import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { serviceWorld } from "./service-world.ts";

const worlds: Array<ReturnType<typeof serviceWorld>> = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.removeRecords();
});

async function runningGroup(options: { nodes?: number; apiToken?: string } = {}) {
  const world = serviceWorld(options.apiToken ? { apiToken: options.apiToken } : {});
  worlds.push(world);
  const user: Record<string, string> = options.apiToken
    ? { authorization: `Bearer ${options.apiToken}` }
    : {};
  const nodes = options.nodes ?? 2;
  const created = await world.call(
    "POST",
    "/api/v1/client-group/1",
    { num_clients: 2 * nodes, nodes },
    user,
  );
  if (created.status !== 201) throw new Error(created.text);
  const token = world.tokenOf();
  for (let task = 0; task < nodes; task++) {
    const address = `http://10.0.0.${task + 1}:9000`;
    world.agentAnswers.set(address, () => Response.json({ status: "started" }));
    await world.call(
      "POST",
      "/api/v1/client-group/1/connect",
      { client_address: address, task_index: task },
      world.bearer(token),
    );
  }
  await world.call("POST", "/api/v1/client-group/1/run", undefined, user);
  return { world, token, runId: world.sentRunId(), user };
}

const lines = (task: number, n: number) =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify({ task_index: task, i })}\n`).join("");

async function upload(
  world: ReturnType<typeof serviceWorld>,
  query: string,
  body: string,
  headers: Record<string, string>,
) {
  const response = await world.app.request(`/api/v1/client-group/1/records?${query}`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", ...headers },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  return { status: response.status, body: (await response.json()) as any };
}

describe("per-request records", () => {
  test("agents upload their JSONL; GET returns them all, agent after agent", async () => {
    const { world, token, runId } = await runningGroup();
    const second = await upload(
      world,
      `task_index=1&run_id=${runId}`,
      lines(1, 2),
      world.bearer(token),
    );
    expect(second).toEqual({ status: 200, body: { status: "stored", bytes: lines(1, 2).length } });
    await upload(world, `task_index=0&run_id=${runId}`, lines(0, 3), world.bearer(token));
    const response = await world.app.request("/api/v1/client-group/1/records");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    expect(await response.text()).toBe(lines(0, 3) + lines(1, 2));
  });

  test("a repeated upload replaces the earlier one", async () => {
    const { world, token, runId } = await runningGroup({ nodes: 1 });
    await upload(world, `task_index=0&run_id=${runId}`, lines(0, 5), world.bearer(token));
    await upload(world, `task_index=0&run_id=${runId}`, lines(0, 1), world.bearer(token));
    const response = await world.app.request("/api/v1/client-group/1/records");
    expect(await response.text()).toBe(lines(0, 1));
  });

  test("an upload needs the group's token, the group's run and a task of the group", async () => {
    const { world, token, runId } = await runningGroup();
    expect((await upload(world, `task_index=0&run_id=${runId}`, "{}\n", {})).status).toBe(401);
    const otherRun = await upload(world, "task_index=0&run_id=other", "{}\n", world.bearer(token));
    expect(otherRun.status).toBe(409);
    expect(otherRun.body.detail).toContain(`the group's run is ${runId}`);
    const badTask = await upload(
      world,
      `task_index=5&run_id=${runId}`,
      "{}\n",
      world.bearer(token),
    );
    expect(badTask.status).toBe(422);
    expect(badTask.body.detail).toContain("task_index");
    const badQuery = await upload(
      world,
      "task_index=x&run_id=../../etc",
      "{}\n",
      world.bearer(token),
    );
    expect(badQuery.status).toBe(422);
    expect(badQuery.body.detail).toContain("task_index");
    expect(existsSync(world.recordsDir)).toBe(false);
  });

  test("GET says why when there is nothing to return", async () => {
    const world = serviceWorld();
    worlds.push(world);
    expect((await world.call("GET", "/api/v1/client-group/3/records")).status).toBe(404);
    expect((await world.call("GET", "/api/v1/client-group/x/records")).status).toBe(422);
    await world.readyGroup(3, { num_clients: 1 });
    const notRun = await world.call("GET", "/api/v1/client-group/3/records");
    expect(notRun.status).toBe(409);
    expect(notRun.body.detail).toContain("has not run");
    await world.call("POST", "/api/v1/client-group/3/run");
    const none = await world.call("GET", "/api/v1/client-group/3/records");
    expect(none.status).toBe(409);
    expect(none.body.detail).toContain("load.records: true");
  });

  test("deleting the group deletes its records", async () => {
    const { world, token, runId } = await runningGroup({ nodes: 1 });
    await upload(world, `task_index=0&run_id=${runId}`, lines(0, 2), world.bearer(token));
    expect(existsSync(join(world.recordsDir, "1"))).toBe(true);
    await world.call("DELETE", "/api/v1/client-group/1");
    expect(existsSync(join(world.recordsDir, "1"))).toBe(false);
  });

  test("with an API token, agents upload with the group token and users read with theirs", async () => {
    const apiToken = "s3cret-token-0123456789";
    const { world, token, runId, user } = await runningGroup({ nodes: 1, apiToken });
    const stored = await upload(
      world,
      `task_index=0&run_id=${runId}`,
      lines(0, 1),
      world.bearer(token),
    );
    expect(stored.status).toBe(200);
    expect((await world.app.request("/api/v1/client-group/1/records")).status).toBe(401);
    const read = await world.app.request("/api/v1/client-group/1/records", { headers: user });
    expect(await read.text()).toBe(lines(0, 1));
  });

  test("other bodies are still held to 16 MiB", async () => {
    const world = serviceWorld();
    const big = JSON.stringify({ num_clients: 1, pad: "x".repeat(17 * 1024 * 1024) });
    const res = await world.call("POST", "/api/v1/client-group/1", big);
    expect(res.status).toBe(413);
    expect(res.body.detail).toContain("larger than");
  });
});
