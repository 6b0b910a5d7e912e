import { afterEach, describe, expect, test } from "bun:test";
import { DEFAULT_MAX_BODY_BYTES } from "../../../../core/config/service-config.ts";
import { serviceWorld } from "./service-world.ts";

const worlds: Array<ReturnType<typeof serviceWorld>> = [];
afterEach(() => {
  for (const world of worlds.splice(0)) world.removeRecords();
});

/** A valid group spec whose JSON is exactly `bytes` long (prompts of at most 100 000 chars). */
function specOfSize(bytes: number): string {
  const prompts: string[] = [];
  const spec = { num_clients: 1, workload: { prompts } };
  const length = () => JSON.stringify(spec).length;
  while (length() + 2 * 100_003 <= bytes) prompts.push("x".repeat(100_000));
  prompts.push("x".repeat(bytes - length() - (prompts.length > 0 ? 3 : 2)));
  const text = JSON.stringify(spec);
  if (text.length !== bytes) throw new Error(`spec of ${text.length} bytes, not ${bytes}`);
  return text;
}

/** A body that declares no length, as a chunked upload would. */
function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      }
      controller.close();
    },
  });
}

const post = (
  world: ReturnType<typeof serviceWorld>,
  path: string,
  body: string | ReadableStream<Uint8Array>,
) =>
  world.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

describe("request body limit", () => {
  test("JSON bodies up to 1 MiB are read; one byte more is 413 with a detail, and nothing is created", async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
    const world = serviceWorld();
    const tooBig = await post(
      world,
      "/api/v1/client-group/1",
      specOfSize(DEFAULT_MAX_BODY_BYTES + 1),
    );
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { detail: string }).detail).toContain(
      `larger than ${DEFAULT_MAX_BODY_BYTES} bytes`,
    );
    expect(world.slurm.submitted).toHaveLength(0);
    const fits = await post(world, "/api/v1/client-group/1", specOfSize(DEFAULT_MAX_BODY_BYTES));
    expect(fits.status).toBe(201);
  });

  test("a body without a declared length is counted as it streams", async () => {
    const world = serviceWorld();
    const res = await post(
      world,
      "/api/v1/client-group/1",
      streamOf(specOfSize(DEFAULT_MAX_BODY_BYTES + 10)),
    );
    expect(res.status).toBe(413);
    expect(world.slurm.submitted).toHaveLength(0);
  });

  test("every JSON route is held to the limit, agent uploads included", async () => {
    const world = serviceWorld();
    const huge = JSON.stringify({ pad: "x".repeat(DEFAULT_MAX_BODY_BYTES) });
    for (const path of ["connect", "progress", "results", "run", "observer"]) {
      const res = await post(world, `/api/v1/client-group/1/${path}`, huge);
      expect({ path, status: res.status }).toEqual({ path, status: 413 });
    }
  });

  test("--max-body-bytes moves the limit", async () => {
    const world = serviceWorld({ maxBodyBytes: 4096 });
    expect((await post(world, "/api/v1/client-group/1", specOfSize(4097))).status).toBe(413);
    expect((await post(world, "/api/v1/client-group/1", specOfSize(4096))).status).toBe(201);
  });

  test("the per-request records upload keeps its own, larger limit", async () => {
    const world = serviceWorld();
    worlds.push(world);
    const token = await world.readyGroup(1, { num_clients: 1 });
    await world.call("POST", "/api/v1/client-group/1/run");
    const line = `${JSON.stringify({ task_index: 0, pad: "x".repeat(1000) })}\n`;
    const body = line.repeat(Math.ceil((2 * DEFAULT_MAX_BODY_BYTES) / line.length));
    const res = await world.app.request(
      `/api/v1/client-group/1/records?task_index=0&run_id=${world.sentRunId()}`,
      {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", ...world.bearer(token) },
        body,
      },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { bytes: number }).bytes).toBe(body.length);
  });
});
