import type { Clock } from "../clock.ts";
import { LiveProgress } from "./live-progress.ts";
import { RecordFiles } from "./record-files.ts";

/** What agents send besides their reports: live rates (in memory) and per-request records (on disk). */
export type RunData = { progress: LiveProgress; records: RecordFiles };

/** The service's one `RunData`, shared by the objects that take uploads and serve them. */
export function createRunData(clock: Clock, recordsDir: string): RunData {
  return { progress: new LiveProgress(clock), records: new RecordFiles(recordsDir) };
}
