import { FINISHED_STATES, type JobStatus } from "./adapter.ts";
import { exitCodeFromWaitStatus, toNodes, toReason, toSlurmJobState } from "./slurm-state.ts";

/**
 * squeue's `-O` fields, each followed by `|` (no width given: nothing is padded or cut).
 * `exit_code` is the raw wait status (768 for `exit 3`, 9 for SIGKILL).
 */
export const SQUEUE_FIELDS = "JobID:|,State:|,Reason:|,NodeList:|,exit_code:";

/**
 * The jobs in `squeue -h -t all -O <SQUEUE_FIELDS>` output, by job id. Lines it cannot read
 * (array tasks such as `12_3`, a header, a changed format) are skipped: their ids are then
 * looked up one by one.
 */
export function parseSqueue(stdout: string): Map<string, JobStatus> {
  const jobs = new Map<string, JobStatus>();
  for (const line of stdout.split("\n")) {
    const [id, state, reason, nodes, exit] = line.split("|").map((field) => field.trim());
    if (id === undefined || !/^\d+$/.test(id) || state === undefined) continue;
    const slurmState = toSlurmJobState(state);
    jobs.set(id, {
      jobId: id,
      state: slurmState,
      reason: toReason(reason),
      nodes: toNodes(nodes),
      exitCode: /^\d+$/.test(exit ?? "") ? exitCodeFromWaitStatus(Number(exit), slurmState) : null,
    });
  }
  return jobs;
}

/**
 * One job from `scontrol show job <id>` (`JobState=FAILED Reason=NonZeroExitCode ...
 * ExitCode=3:0 ... NodeList=node1`), or null when the text holds no job state.
 */
export function parseScontrolJob(stdout: string, jobId: string): JobStatus | null {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(stdout)?.[1];
  const stateText = field("JobState");
  if (stateText === undefined) return null;
  const state = toSlurmJobState(stateText);
  const exit = /^(\d+):(\d+)$/.exec(field("ExitCode") ?? "");
  let exitCode: number | null = null;
  if (exit && FINISHED_STATES.has(state)) {
    const [code, signal] = [Number(exit[1]), Number(exit[2])];
    exitCode = signal !== 0 ? 128 + signal : code;
  }
  return {
    jobId,
    state,
    reason: toReason(field("Reason")),
    nodes: toNodes(field("NodeList")),
    exitCode,
  };
}
