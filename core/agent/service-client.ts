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
  /** Told when the agent registered again after the service had been away. */
  onRejoin?: (result: ServiceCallResult) => void;
};

export type ServiceClient = {
  /** Registers this agent, retrying network errors and 5xx answers until `deadlineMs` has passed. */
  connect(
    body: { client_address: string; task_index: number },
    deadlineMs?: number,
  ): Promise<ServiceCallResult>;
  /** Posts progress once; a failure is the caller's to log, never to retry. */
  progress(body: AgentProgress): Promise<ServiceCallResult>;
  /**
   * Uploads the run's report, retrying network errors and 5xx answers with capped backoff until
   * `deadlineMs` has passed (the service dedups by agent and run, so a retry is harmless).
   */
  uploadResults(report: AgentReport, deadlineMs?: number): Promise<ServiceCallResult>;
};

/** The first wait between retries, doubled after each until it reaches the cap. */
export const RETRY_FIRST_MS = 250;
export const RETRY_CAP_MS = 5000;

/** Answers worth asking again: the service is starting, overloaded or briefly unreachable. */
export const retryable = (result: ServiceCallResult) =>
  !result.ok &&
  (result.status === null ||
    result.status >= 500 ||
    result.status === 408 ||
    result.status === 429);

/** The service itself is away (down, restarting, or a proxy in front of it says so). */
const away = (result: ServiceCallResult) =>
  !result.ok && (result.status === null || result.status >= 500);

/**
 * The agent's side of the service API: connect, progress and results, each with the group's
 * bearer token. Failures are values carrying the HTTP status (null when the service could not be
 * reached) and the service's `detail`, so the caller decides what is fatal. Once the service has
 * been away, the next call first registers the agent again (the same address and task index, which
 * the service takes as a no-op) and goes ahead only when the service answers.
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

  let registration: { client_address: string; task_index: number } | null = null;
  let lost = false;

  /** Posts as the registered agent: registers again first if the service was away. */
  const postAsAgent = async (path: string, body: unknown): Promise<ServiceCallResult> => {
    if (lost && registration !== null) {
      const again = await post("connect", registration);
      if (away(again)) return again;
      lost = false;
      options.onRejoin?.(again);
    }
    const result = await post(path, body);
    if (away(result)) lost = true;
    return result;
  };

  const retryUntil = async (
    call: () => Promise<ServiceCallResult>,
    deadlineMs: number,
  ): Promise<ServiceCallResult> => {
    const giveUpAt = options.now() + deadlineMs;
    let delay = RETRY_FIRST_MS;
    for (;;) {
      const result = await call();
      const left = giveUpAt - options.now();
      if (!retryable(result) || left <= 0) return result;
      await options.sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, RETRY_CAP_MS);
    }
  };

  return {
    async connect(body, deadlineMs = 60_000) {
      const result = await retryUntil(() => post("connect", body), deadlineMs);
      if (result.ok) {
        registration = { ...body };
        lost = false;
      }
      return result;
    },
    progress: (body) => postAsAgent("progress", body),
    uploadResults: (report, deadlineMs = 60_000) =>
      retryUntil(() => postAsAgent("results", report), deadlineMs),
  };
}
