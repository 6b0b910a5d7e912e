import { FINISHED_STATES, SLURM_JOB_STATES, type SlurmJobState } from "./adapter.ts";

// Slurm states outside our list, by what they mean for a client group.
const ALIASES: Record<string, SlurmJobState> = {
  REQUEUED: "PENDING",
  REQUEUE_HOLD: "PENDING",
  REQUEUE_FED: "PENDING",
  RESV_DEL_HOLD: "PENDING",
  RESIZING: "RUNNING",
  SIGNALING: "RUNNING",
  STAGE_OUT: "COMPLETING",
  STOPPED: "SUSPENDED",
  SPECIAL_EXIT: "FAILED",
  // The job moved to another cluster of a federation: this one no longer runs it.
  REVOKED: "UNKNOWN",
};

const SHORT_CODES: Record<string, SlurmJobState> = {
  PD: "PENDING",
  CF: "CONFIGURING",
  R: "RUNNING",
  CG: "COMPLETING",
  CD: "COMPLETED",
  F: "FAILED",
  CA: "CANCELLED",
  TO: "TIMEOUT",
  NF: "NODE_FAIL",
  OOM: "OUT_OF_MEMORY",
  PR: "PREEMPTED",
  BF: "BOOT_FAIL",
  DL: "DEADLINE",
  S: "SUSPENDED",
};

/**
 * Reads a job state as Slurm prints it in any of its forms: squeue's `%T` (`RUNNING`), scontrol's
 * `JobState=`, sacct's `CANCELLED by 0` or `CANCELLED+`, short codes (`CA`, `PD`) or
 * slurmrestd's list (`["RUNNING", "COMPLETING"]`, base state first). Anything else is UNKNOWN.
 */
export function toSlurmJobState(
  text: string | readonly string[] | null | undefined,
): SlurmJobState {
  if (Array.isArray(text)) return toSlurmJobState(text[0]);
  const word = String(text ?? "")
    .trim()
    .split(/\s+/)[0]
    ?.replace(/\+$/, "")
    .toUpperCase();
  if (!word) return "UNKNOWN";
  if ((SLURM_JOB_STATES as readonly string[]).includes(word)) return word as SlurmJobState;
  return ALIASES[word] ?? SHORT_CODES[word] ?? "UNKNOWN";
}

/** Slurm's reason, or null for its "no reason" spellings (`None`, `(null)`, empty). */
export function toReason(text: string | null | undefined): string | null {
  const reason = String(text ?? "").trim();
  return reason === "" || reason === "None" || reason === "(null)" ? null : reason;
}

/** A node list, or null before the job has nodes. */
export function toNodes(text: string | null | undefined): string | null {
  const nodes = String(text ?? "").trim();
  return nodes === "" || nodes === "(null)" || nodes === "None assigned" ? null : nodes;
}

/**
 * A job's exit code from the raw wait status squeue (`-O exit_code`) and slurmrestd v0.0.38
 * report: the code a shell would show (3 for `exit 3`, 128 + n for signal n). Null while the
 * job has not finished.
 */
export function exitCodeFromWaitStatus(raw: number, state: SlurmJobState): number | null {
  if (!FINISHED_STATES.has(state) || !Number.isInteger(raw) || raw < 0) return null;
  const signal = raw & 0x7f;
  return signal !== 0 ? 128 + signal : (raw >> 8) & 0xff;
}
