import type { Logger } from "../log.ts";
import type { RecordsUploader } from "./records-upload.ts";
import type { ResultSpool, SpooledResult } from "./result-spool.ts";
import { retryable, type ServiceClient } from "./service-client.ts";

export type DeliveryDeps = {
  service: Pick<ServiceClient, "uploadResults">;
  records?: RecordsUploader | undefined;
  spool?: ResultSpool | undefined;
  log: Logger;
  ids: { benchmark_id: number; task_index: number };
};

/** accepted: the service has the report; refused: it never will; undelivered: try again later. */
export type Delivery = "accepted" | "refused" | "undelivered";

/**
 * Sends one report (and then its records file) to the service, retrying while the service is
 * away until `deadlineMs` has passed. The spooled copy is removed once the service has answered
 * for good, accepted or refused; a report still undelivered at the deadline stays spooled for
 * the next start of this agent.
 */
export async function deliverResult(
  deps: DeliveryDeps,
  entry: SpooledResult,
  deadlineMs: number,
): Promise<Delivery> {
  const { log, ids } = deps;
  const runId = entry.report.run_id;
  const upload = await deps.service.uploadResults(entry.report, deadlineMs);
  if (!upload.ok && retryable(upload)) {
    log.warn("results_upload_failed", { ...ids, run_id: runId, detail: upload.detail });
    return "undelivered";
  }
  deps.spool?.remove(runId);
  if (!upload.ok) {
    log.warn("results_refused", { ...ids, run_id: runId, detail: upload.detail });
    return "refused";
  }
  log.info("results_uploaded", { ...ids, run_id: runId, ...entry.report.requests });
  if (entry.records_file !== null && deps.records) {
    const sent = await deps.records.upload(entry.records_file, runId);
    const file = entry.records_file;
    if (sent.ok) log.info("records_uploaded", { ...ids, run_id: runId, file });
    else log.warn("records_upload_failed", { ...ids, run_id: runId, file, detail: sent.detail });
  }
  return "accepted";
}

/**
 * Sends the reports an earlier start of this agent kept but could not deliver (the service was
 * away when its run ended, or the agent was killed while it waited). The service stores each
 * agent and run once, so a report it already has is acknowledged and dropped.
 */
export async function deliverSpooled(deps: DeliveryDeps, deadlineMs: number): Promise<void> {
  for (const entry of deps.spool?.pending() ?? []) {
    deps.log.info("spooled_results_found", { ...deps.ids, run_id: entry.report.run_id });
    await deliverResult(deps, entry, deadlineMs);
  }
}
