import { describe, expect, test } from "bun:test";
import { type JobSpec, SlurmError } from "../../../slurm/adapter.ts";
import { FakeSlurm } from "../../../slurm/fake.ts";

const job = (name = "aifc-1"): JobSpec => ({
  name,
  timeLimitMin: 5,
  tasks: 1,
  environment: { AIFC_BENCHMARK_ID: "1" },
});

describe("FakeSlurm", () => {
  test("new jobs get ids from 1000 up and wait PENDING for Priority", async () => {
    const slurm = new FakeSlurm();
    const first = await slurm.submit(job("aifc-1"));
    const second = await slurm.submit(job("aifc-2"));
    expect([first, second]).toEqual(["1000", "1001"]);
    expect(slurm.submitted.map((j) => j.name)).toEqual(["aifc-1", "aifc-2"]);
    const states = await slurm.status([first]);
    expect(states.get(first)).toEqual({
      jobId: "1000",
      state: "PENDING",
      reason: "Priority",
      nodes: null,
      exitCode: null,
    });
  });

  test("a start option puts new jobs straight into another state", async () => {
    const slurm = new FakeSlurm({ startAs: { state: "RUNNING", nodes: "node01" } });
    const id = await slurm.submit(job());
    expect((await slurm.status([id])).get(id)).toMatchObject({
      state: "RUNNING",
      reason: null,
      nodes: "node01",
    });
  });

  test("scripted transitions show in status, keeping nodes unless new ones are given", async () => {
    const slurm = new FakeSlurm();
    const id = await slurm.submit(job());
    slurm.setState(id, "RUNNING", null, "node[01-02]");
    expect((await slurm.status([id])).get(id)).toMatchObject({
      state: "RUNNING",
      nodes: "node[01-02]",
    });
    slurm.setState(id, "FAILED", "NonZeroExitCode", undefined, 3);
    expect((await slurm.status([id])).get(id)).toEqual({
      jobId: id,
      state: "FAILED",
      reason: "NonZeroExitCode",
      nodes: "node[01-02]",
      exitCode: 3,
    });
    slurm.setState(id, "COMPLETED");
    expect((await slurm.status([id])).get(id)?.exitCode).toBe(0);
  });

  test("moving a job that was never submitted is a test mistake and says so", () => {
    expect(() => new FakeSlurm().setState("42", "RUNNING")).toThrow("FakeSlurm has no job 42");
  });

  test("a refused submit rejects with Slurm's message as kind refused and keeps no job", async () => {
    const message = "Invalid account or account/partition combination specified";
    const slurm = new FakeSlurm({ refuse: message });
    const error = await slurm.submit(job()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlurmError);
    expect((error as SlurmError).kind).toBe("refused");
    expect((error as SlurmError).message).toBe(message);
    expect(slurm.submitted).toEqual([]);
  });

  test("an unreachable Slurm rejects as unavailable, and can recover later", async () => {
    const slurm = new FakeSlurm({ unavailable: "Unable to contact slurm controller" });
    const error = await slurm.submit(job()).catch((e: unknown) => e);
    expect((error as SlurmError).kind).toBe("unavailable");
    expect((error as SlurmError).message).toBe("Unable to contact slurm controller");

    slurm.setSubmitFailure({});
    expect(await slurm.submit(job())).toBe("1000");
    slurm.setSubmitFailure({ refuse: "QOSMaxSubmitJobPerUserLimit" });
    await expect(slurm.submit(job())).rejects.toThrow("QOSMaxSubmitJobPerUserLimit");
  });

  test("cancel moves a live job to CANCELLED and records every id asked for", async () => {
    const slurm = new FakeSlurm();
    const id = await slurm.submit(job());
    await slurm.cancel(id);
    await slurm.cancel("999999");
    expect((await slurm.status([id])).get(id)?.state).toBe("CANCELLED");
    expect(slurm.cancelled).toEqual([id, "999999"]);
  });

  test("cancelling a finished job leaves its final state alone", async () => {
    const slurm = new FakeSlurm();
    const id = await slurm.submit(job());
    slurm.setState(id, "COMPLETED");
    await slurm.cancel(id);
    expect((await slurm.status([id])).get(id)?.state).toBe("COMPLETED");
  });

  test("ids Slurm never knew or has forgotten read UNKNOWN", async () => {
    const slurm = new FakeSlurm();
    const id = await slurm.submit(job());
    slurm.forget(id);
    const states = await slurm.status([id, "123"]);
    expect(states.get(id)?.state).toBe("UNKNOWN");
    expect(states.get("123")).toEqual({
      jobId: "123",
      state: "UNKNOWN",
      reason: null,
      nodes: null,
      exitCode: null,
    });
  });

  test("the submit hook sees each accepted job with its id and can move it", async () => {
    const seen: string[] = [];
    const slurm: FakeSlurm = new FakeSlurm({
      onSubmit: (spec, jobId) => {
        seen.push(`${spec.name}:${jobId}`);
        slurm.setState(jobId, "RUNNING", null, "node01");
      },
    });
    const id = await slurm.submit(job("aifc-7"));
    expect(seen).toEqual(["aifc-7:1000"]);
    expect((await slurm.status([id])).get(id)?.state).toBe("RUNNING");
  });

  test("status answers are copies: changing one does not change the job", async () => {
    const slurm = new FakeSlurm();
    const id = await slurm.submit(job());
    const answer = (await slurm.status([id])).get(id);
    if (answer) answer.state = "COMPLETED";
    expect((await slurm.status([id])).get(id)?.state).toBe("PENDING");
  });
});
