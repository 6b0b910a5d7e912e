import type { CliDeps } from "../../../handlers/cli/cli-deps.ts";
import { runCli } from "../../../handlers/cli/main.ts";
import { sampleReport, serviceWorld } from "../handlers/service/service-world.ts";

type Behaviour = {
  /** Sleeps the agents take to register once their job is submitted (0: at the first poll). */
  registerAfter?: number;
  /** Sleeps a run lasts once dispatched; progress is posted before the results. */
  runFor?: number;
  /** The fake agent's results; by default four ok requests and one 5xx. */
  report?: (runId: string, taskIndex: number) => Record<string, unknown>;
  /** Per-request records uploaded after the results (when the spec asks for them). */
  records?: (taskIndex: number) => Array<Record<string, unknown>>;
  /** Never upload results: the run goes on until something stops it. */
  endless?: boolean;
};

/**
 * The CLI against a whole service in memory (fake Slurm, fake agents). Each poll's sleep
 * moves the fake cluster one step: agents register, the run posts progress, then uploads its
 * results. Output, files and Ctrl-C are captured for the test to read and press.
 */
export function cliWorld(behaviour: Behaviour = {}) {
  const world = serviceWorld();
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const interrupts: Array<() => void> = [];
  let now = 1_800_000_000_000;
  let exitedWith: number | null = null;
  const sleeps = new Map<number, number>();
  const finished = new Set<number>();

  const jobIndexOf = (id: number) =>
    world.slurm.submitted.findIndex((job) => job.environment.AIFC_BENCHMARK_ID === String(id));

  const uploadResults = async (id: number, runId: string, partial: boolean) => {
    const token = world.tokenOf(jobIndexOf(id));
    const report = behaviour.report?.(runId, 0) ?? sampleReport(runId, 0, { partial });
    const stored = await world.call(
      "POST",
      `/api/v1/client-group/${id}/results`,
      report,
      world.bearer(token),
    );
    if (stored.status !== 200) throw new Error(`results refused: ${stored.text}`);
    if (behaviour.records) {
      const lines = behaviour.records(0).map((r) => JSON.stringify(r));
      await world.app.request(`/api/v1/client-group/${id}/records?task_index=0&run_id=${runId}`, {
        method: "POST",
        headers: { ...world.bearer(token), "content-type": "application/x-ndjson" },
        body: `${lines.join("\n")}\n`,
      });
    }
    finished.add(id);
  };

  /** One step of every group: register the agent, then progress, then results. */
  const step = async () => {
    const groups = (await world.call("GET", "/api/v1/client-groups")).body.groups as Array<{
      benchmark_id: number;
      state: string;
    }>;
    for (const { benchmark_id: id, state } of groups) {
      const count = (sleeps.get(id) ?? 0) + 1;
      sleeps.set(id, count);
      if (state === "submitted" && count > (behaviour.registerAfter ?? 0)) {
        const address = `http://10.0.${id}.1:9000`;
        // The fake agent stops at once when the service relays a stop, uploading partial results.
        world.agentAnswers.set(address, async (path) => {
          if (path !== "/stop") return Response.json({ status: "started" });
          await uploadResults(id, world.sentRunId(), true);
          return Response.json({ status: "stopping" });
        });
        await world.call(
          "POST",
          `/api/v1/client-group/${id}/connect`,
          { client_address: address },
          world.bearer(world.tokenOf(jobIndexOf(id))),
        );
        sleeps.set(id, 0);
      }
      if (state === "running" && !finished.has(id)) {
        const runId = world.sentRunId();
        await world.call(
          "POST",
          `/api/v1/client-group/${id}/progress`,
          {
            task_index: 0,
            run_id: runId,
            completed: count * 2,
            failed: 0,
            rate_per_s: 2,
            ttft_p50_ms: 25.5,
          },
          world.bearer(world.tokenOf(jobIndexOf(id))),
        );
        if (!behaviour.endless && count > (behaviour.runFor ?? 1)) {
          await uploadResults(id, runId, false);
        }
      }
    }
  };

  const deps: CliDeps = {
    env: {},
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    terminal: null,
    serviceFetch: (request) => Promise.resolve(world.app.request(request)),
    sleep: async (ms) => {
      now += ms;
      await step();
    },
    now: () => now,
    onInterrupt(handler) {
      interrupts.push(handler);
      return () => interrupts.splice(interrupts.indexOf(handler), 1);
    },
    writeFile: async (path, text) => {
      files.set(path, text);
    },
    exit: (code) => {
      exitedWith = code;
    },
  };

  return {
    world,
    deps,
    out,
    err,
    files,
    /** Presses Ctrl-C (every handler registered now). */
    interrupt: () => {
      for (const handler of [...interrupts]) handler();
    },
    exitedWith: () => exitedWith,
    run: (...argv: string[]) => runCli(argv, deps),
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}
