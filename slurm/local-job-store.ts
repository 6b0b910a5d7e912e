import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { SlurmError } from "./adapter.ts";

/**
 * What the local adapter keeps in `<jobsDir>/<id>/state.json`, so that a restarted service
 * still knows its jobs. Never the job's environment: it holds the group token.
 */
export const LocalJobRecord = z.object({
  jobId: z.string(),
  name: z.string(),
  tasks: z.number().int().min(1),
  timeLimitMin: z.number().int().min(1),
  /** Milliseconds since the epoch, by the adapter's clock. */
  startedAt: z.number(),
  /** One per task: the process-group leader running the task wrapper. */
  processes: z.array(
    z.object({ pid: z.number().int().positive(), startTime: z.number().nullable() }),
  ),
  cancelledAt: z.number().nullable(),
  timedOutAt: z.number().nullable(),
});
export type LocalJobRecord = z.infer<typeof LocalJobRecord>;

const RECORD_FILE = "state.json";
export const JOB_FILE = "job.sh";

export const jobDirOf = (jobsDir: string, jobId: string) => path.join(jobsDir, jobId);
export const taskOutputOf = (jobDir: string, task: number) => path.join(jobDir, `task-${task}.out`);

/**
 * Reserves a fresh job directory and returns its id: the first free number from `from` up.
 * `mkdir` fails on an existing directory, so ids stay unique across restarts and instances.
 */
export function allocateJobDir(jobsDir: string, from: number): { jobId: string; jobDir: string } {
  try {
    fs.mkdirSync(jobsDir, { recursive: true, mode: 0o700 });
    for (let candidate = Math.max(1, Math.floor(from)); ; candidate++) {
      const jobId = String(candidate);
      const jobDir = jobDirOf(jobsDir, jobId);
      try {
        fs.mkdirSync(jobDir, { mode: 0o700 });
        return { jobId, jobDir };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
  } catch (error) {
    throw new SlurmError(
      `Cannot create a job directory under ${jobsDir}: ${(error as Error).message}`,
      "unavailable",
    );
  }
}

/** The job's record, or null when the directory holds none (or an unreadable one). */
export function readJobRecord(jobDir: string): LocalJobRecord | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(jobDir, RECORD_FILE), "utf8");
  } catch {
    return null;
  }
  try {
    const parsed = LocalJobRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the record atomically, so a reader never sees half a file. */
export function writeJobRecord(jobDir: string, record: LocalJobRecord): void {
  const file = path.join(jobDir, RECORD_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Each task's exit code as its wrapper recorded it, or null where there is none. */
export function readExitCodes(jobDir: string, tasks: number): (number | null)[] {
  return Array.from({ length: tasks }, (_, task) => {
    try {
      const text = fs.readFileSync(path.join(jobDir, `${JOB_FILE}.exit-${task}`), "utf8").trim();
      return /^\d+$/.test(text) ? Number(text) : null;
    } catch {
      return null;
    }
  });
}
