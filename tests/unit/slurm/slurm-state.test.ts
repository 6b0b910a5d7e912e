import { describe, expect, test } from "bun:test";
import { exitCodeFromWaitStatus, toReason, toSlurmJobState } from "../../../slurm/slurm-state.ts";
import { parseScontrolJob, parseSqueue } from "../../../slurm/squeue-output.ts";
import { SCONTROL_FAILED, SCONTROL_PENDING } from "./slurm-outputs.ts";

describe("Slurm job states", () => {
  test("every end a job can reach keeps its own name", () => {
    for (const state of [
      "COMPLETED",
      "FAILED",
      "TIMEOUT",
      "NODE_FAIL",
      "OUT_OF_MEMORY",
      "PREEMPTED",
      "CANCELLED",
      "BOOT_FAIL",
      "DEADLINE",
    ]) {
      expect(toSlurmJobState(state)).toBe(state as never);
    }
  });

  test("sacct's and squeue's other spellings of a state are read as that state", () => {
    expect(toSlurmJobState("CANCELLED by 0")).toBe("CANCELLED");
    expect(toSlurmJobState("CANCELLED+")).toBe("CANCELLED");
    expect(toSlurmJobState("  running ")).toBe("RUNNING");
    expect(toSlurmJobState("CA")).toBe("CANCELLED");
    expect(toSlurmJobState("OOM")).toBe("OUT_OF_MEMORY");
    expect(toSlurmJobState(["RUNNING", "COMPLETING"])).toBe("RUNNING");
  });

  test("states outside the list map to what they mean; anything else is UNKNOWN", () => {
    expect(toSlurmJobState("REQUEUED")).toBe("PENDING");
    expect(toSlurmJobState("SPECIAL_EXIT")).toBe("FAILED");
    expect(toSlurmJobState("STOPPED")).toBe("SUSPENDED");
    expect(toSlurmJobState("WHATEVER")).toBe("UNKNOWN");
    expect(toSlurmJobState("")).toBe("UNKNOWN");
    expect(toSlurmJobState(null)).toBe("UNKNOWN");
  });

  test("'None' and '(null)' are no reason", () => {
    expect(toReason("None")).toBeNull();
    expect(toReason("(null)")).toBeNull();
    expect(toReason("Priority")).toBe("Priority");
  });

  test("a raw wait status becomes the exit code a shell shows, once the job has ended", () => {
    expect(exitCodeFromWaitStatus(768, "FAILED")).toBe(3);
    expect(exitCodeFromWaitStatus(9, "FAILED")).toBe(137);
    expect(exitCodeFromWaitStatus(0, "COMPLETED")).toBe(0);
    expect(exitCodeFromWaitStatus(0, "RUNNING")).toBeNull();
  });
});

describe("squeue and scontrol output", () => {
  test("squeue lines that are not plain jobs (array tasks, blanks) are skipped", () => {
    const jobs = parseSqueue("\n12_3|RUNNING|None|vm|0\n40|TIMEOUT|TimeLimit|vm|0\n");
    expect([...jobs.keys()]).toEqual(["40"]);
    expect(jobs.get("40")).toMatchObject({ state: "TIMEOUT", reason: "TimeLimit", exitCode: 0 });
  });

  test("scontrol show job gives state, reason, nodes and the code:signal exit code", () => {
    expect(parseScontrolJob(SCONTROL_FAILED, "14")).toEqual({
      jobId: "14",
      state: "FAILED",
      reason: "NonZeroExitCode",
      nodes: "vm",
      exitCode: 3,
    });
    expect(parseScontrolJob(SCONTROL_PENDING, "12")).toEqual({
      jobId: "12",
      state: "PENDING",
      reason: "JobHeldUser",
      nodes: null,
      exitCode: null,
    });
    expect(parseScontrolJob("JobState=CANCELLED Reason=None ExitCode=0:15", "3")?.exitCode).toBe(
      143,
    );
    expect(parseScontrolJob("nothing here", "3")).toBeNull();
  });
});
