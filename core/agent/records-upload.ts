import { openAsBlob } from "node:fs";
import type { FetchFn } from "../loadgen/fetch-fn.ts";
import { type ServiceCallResult, serviceAnswer } from "./service-client.ts";

/** Sends a run's records file to the service. */
export type RecordsUploader = {
  upload(file: string, runId: string): Promise<ServiceCallResult>;
};

export type RecordsUploaderOptions = {
  /** The client service, e.g. `http://head:8001`. */
  baseUrl: string;
  benchmarkId: number;
  taskIndex: number;
  /** The group's registration token; null when the service runs without agent auth. */
  token: string | null;
  fetch: FetchFn;
  sleep: (ms: number) => Promise<void>;
  attempts?: number;
  /** How long one upload may take; a records file can be large. */
  timeoutMs?: number;
};

/**
 * Uploads a JSONL records file to `POST /api/v1/client-group/{id}/records?task_index&run_id`
 * with the group's token, streaming it from disk. Network errors and 5xx answers are retried
 * a few times; failures come back as values with the service's `detail`.
 */
export function createRecordsUploader(options: RecordsUploaderOptions): RecordsUploader {
  const base = `${options.baseUrl.replace(/\/+$/, "")}/api/v1/client-group/${options.benchmarkId}/records`;
  const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const attempts = options.attempts ?? 4;

  const once = async (file: string, runId: string): Promise<ServiceCallResult> => {
    const url = `${base}?task_index=${options.taskIndex}&run_id=${encodeURIComponent(runId)}`;
    try {
      const response = await options.fetch(url, {
        method: "POST",
        headers,
        body: await openAsBlob(file),
        signal: AbortSignal.timeout(options.timeoutMs ?? 600_000),
      });
      return await serviceAnswer(response);
    } catch (error) {
      return { ok: false, status: null, detail: `could not upload ${file} to ${url}: ${error}` };
    }
  };

  return {
    async upload(file, runId) {
      let delay = 500;
      for (let attempt = 1; ; attempt += 1) {
        const result = await once(file, runId);
        const retryable = !result.ok && (result.status === null || result.status >= 500);
        if (!retryable || attempt >= attempts) return result;
        await options.sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    },
  };
}
