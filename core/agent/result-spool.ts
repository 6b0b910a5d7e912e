import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { AgentReport } from "../schemas/results.ts";

/** Where an agent keeps reports not yet accepted, unless `AIFC_SPOOL_DIR` says otherwise. */
export const DEFAULT_SPOOL_DIR = "./data/spool";

/** A run's report waiting to be accepted by the service, with the records file to send after it. */
export const SpooledResult = z.object({
  report: AgentReport,
  records_file: z.string().nullable(),
});
export type SpooledResult = z.infer<typeof SpooledResult>;

/**
 * This agent's reports on local disk (`<dir>/<benchmark_id>/<task>-<run_id>.json`) from the
 * moment a run ends until the service has accepted them, so a report survives a service that
 * is away and an agent that is restarted. Failures are sentences, never exceptions.
 */
export type ResultSpool = {
  /** Keeps the entry (replacing one for the same run); a sentence when it could not be written. */
  save(entry: SpooledResult): string | null;
  /** The entries still waiting, oldest run first; unreadable files are skipped. */
  pending(): SpooledResult[];
  remove(runId: string): void;
};

export function createResultSpool(options: {
  dir: string;
  benchmarkId: number;
  taskIndex: number;
}): ResultSpool {
  const dir = path.join(options.dir, String(options.benchmarkId));
  const prefix = `${options.taskIndex}-`;
  const fileOf = (runId: string) => path.join(dir, `${prefix}${encodeURIComponent(runId)}.json`);
  return {
    save(entry) {
      const file = fileOf(entry.report.run_id);
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dir, { recursive: true });
        // Written aside, then renamed: a crash mid-write never leaves half a report behind.
        fs.writeFileSync(temporary, JSON.stringify(entry), { mode: 0o600 });
        fs.renameSync(temporary, file);
        return null;
      } catch (error) {
        try {
          fs.rmSync(temporary, { force: true });
        } catch {
          // Nothing was written: the folder itself is what failed.
        }
        return `could not keep the report in ${file}: ${error}`;
      }
    },
    pending() {
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith(".json"));
      } catch {
        return [];
      }
      const entries: Array<{ entry: SpooledResult; at: number }> = [];
      for (const name of names) {
        try {
          const file = path.join(dir, name);
          const entry = SpooledResult.parse(JSON.parse(fs.readFileSync(file, "utf8")));
          entries.push({ entry, at: fs.statSync(file).mtimeMs });
        } catch {
          // A file that is not one of our reports is left alone and not sent.
        }
      }
      return entries.sort((a, b) => a.at - b.at).map((e) => e.entry);
    },
    remove(runId) {
      fs.rmSync(fileOf(runId), { force: true });
    },
  };
}
