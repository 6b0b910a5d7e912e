import { type ServiceClient, ServiceError } from "../../core/api-client/create-service-client.ts";
import type { GroupResults, RequestRecordLine } from "../../core/schemas/results.ts";
import type { CliDeps } from "./cli-deps.ts";
import { parseRecordLines } from "./records-csv.ts";

/** How long records may trail the results they belong to. */
const RECORDS_WAIT_MS = 10_000;

const idParam = (id: number) => ({ params: { path: { benchmark_id: String(id) } } });

/** The merged results, or null with the service's reason when there are none. */
export async function fetchResults(
  client: ServiceClient,
  id: number,
): Promise<{ results: GroupResults | null; note: string | null }> {
  try {
    const { data } = await client.GET("/api/v1/client-group/{benchmark_id}/results", idParam(id));
    return { results: data as GroupResults, note: null };
  } catch (error) {
    if (error instanceof ServiceError && error.status === 409) {
      return { results: null, note: error.detail };
    }
    throw error;
  }
}

/**
 * The per-request records. Agents upload them after their results, so right after the group
 * completes some may still be on their way: wait (briefly) until every measured request has one.
 */
export async function fetchRecords(
  client: ServiceClient,
  id: number,
  results: GroupResults,
  deps: CliDeps,
): Promise<RequestRecordLine[] | null> {
  const expected = results.requests.completed + results.requests.failed + results.requests.warmup;
  const deadline = deps.now() + RECORDS_WAIT_MS;
  let records: RequestRecordLine[] | null = null;
  let detail = "";
  for (;;) {
    try {
      const { data } = await client.GET("/api/v1/client-group/{benchmark_id}/records", {
        ...idParam(id),
        parseAs: "text",
      });
      records = parseRecordLines(data ?? "");
    } catch (error) {
      if (!(error instanceof ServiceError) || error.status !== 409) throw error;
      detail = error.detail;
    }
    if ((records !== null && records.length >= expected) || deps.now() >= deadline) break;
    await deps.sleep(250);
  }
  if (records === null) deps.err(`no per-request records: ${detail}`);
  else if (records.length < expected) {
    deps.err(`only ${records.length} of ${expected} per-request records arrived`);
  }
  return records;
}
