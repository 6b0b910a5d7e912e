import type { FetchFn } from "../loadgen/fetch-fn.ts";
import type { AgentProgress } from "../schemas/agent.ts";
import type { AgentReport } from "../schemas/results.ts";

export type ServiceCallResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; detail: string };

/** The service's answer as a result: ok, or its status with its `detail` (or text) for the log. */
export async function serviceAnswer(response: Response): Promise<ServiceCallResult> {
  const text = await response.text();
  if (response.ok) return { ok: true, status: response.status };
  let detail = text.slice(0, 500);
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    if (typeof parsed.detail === "string") detail = parsed.detail;
  } catch {
    // A non-JSON error answer is reported as its text.
  }
  return { ok: false, status: response.status, detail: `HTTP ${response.status}: ${detail}` };
}

export type ServiceClientOptions = {
  /** The client service, e.g. `http://head:8001`. */
  baseUrl: string;
  benchmarkId: number;
  /** The group's registration token; null when the service runs without agent auth. */
  token: string | null;
  fetch: FetchFn;
  sleep: (ms: number) => Promise<void>;
  /** Monotonic milliseconds, for retry deadlines. */
  now: () => number;
  /** How long one call may take. */
  callTimeoutMs?: number;
};

export type ServiceClient = {
  /** Registers this agent, retrying network errors and 5xx answers until `deadlineMs` has passed. */
  connect(
    body: { client_address: string; task_index: number },
    deadlineMs?: number,
  ): Promise<ServiceCallResult>;
  /** Posts progress once; a failure is the caller's to log, never to retry. */
  progress(body: AgentProgress): Promise<ServiceCallResult>;
  /** Uploads the run's report, retrying network errors and 5xx answers a few times. */
  uploadResults(report: AgentReport, attempts?: number): Promise<ServiceCallResult>;
};

/** Answers worth asking again: the service is starting, overloaded or briefly unreachable. */
const retryable = (result: ServiceCallResult) =>
  !result.ok &&
  (result.status === null ||
    result.status >= 500 ||
    result.status === 408 ||
    result.status === 429);

/**
 * The agent's side of the service API: connect, progress and results, each with the group's
 * bearer token. Failures are values carrying the HTTP status (null when the service could not be
 * reached) and the service's `detail`, so the caller decides what is fatal.
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const base = `${options.baseUrl.replace(/\/+$/, "")}/api/v1/client-group/${options.benchmarkId}`;
  const timeoutMs = options.callTimeoutMs ?? 10_000;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const post = async (path: string, body: unknown): Promise<ServiceCallResult> => {
    try {
      const response = await options.fetch(`${base}/${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return await serviceAnswer(response);
    } catch (error) {
      return { ok: false, status: null, detail: `could not reach ${base}/${path}: ${error}` };
    }
  };

  const withRetries = async (
    call: () => Promise<ServiceCallResult>,
    keepTrying: (attempt: number) => boolean,
  ): Promise<ServiceCallResult> => {
    let delay = 250;
    for (let attempt = 1; ; attempt += 1) {
      const result = await call();
      if (!retryable(result) || !keepTrying(attempt)) return result;
      await options.sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  };

  return {
    connect(body, deadlineMs = 60_000) {
      const giveUpAt = options.now() + deadlineMs;
      return withRetries(
        () => post("connect", body),
        () => options.now() < giveUpAt,
      );
    },
    progress: (body) => post("progress", body),
    uploadResults(report, attempts = 5) {
      return withRetries(
        () => post("results", report),
        (attempt) => attempt < attempts,
      );
    },
  };
}
