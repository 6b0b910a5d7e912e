import type { Logger } from "../core/log.ts";
import { type JobSpec, type JobStatus, type SlurmAdapter, SlurmError } from "./adapter.ts";
import { isInvalidJobId, isUnreachable } from "./command-error.ts";
import { confirmCancelled } from "./confirm-cancel.ts";
import { restErrors, restJobStatus, restSubmitBody, restSubmittedJobId } from "./rest-job.ts";
import { checkSlurmJob, ensureJobsDir, type SlurmJobOptions } from "./slurm-job-options.ts";
import type { SlurmTokenSource } from "./slurm-token-source.ts";

export type RestSlurmOptions = {
  /** slurmrestd's address, e.g. http://head:6820. */
  url: string;
  /** OpenAPI version, e.g. v0.0.38 (Slurm 22.05) or v0.0.40 (Slurm 23.11). */
  apiVer: string;
  /** X-SLURM-USER-NAME; default the token's user. */
  userName?: string;
  tokens: Pick<SlurmTokenSource, "current">;
  fetch: typeof fetch;
  /** Where job output goes and jobs run unless the config says otherwise. */
  jobsDir: string;
  options?: SlurmJobOptions;
  /** PATH of the job (slurmrestd gives a job no environment but the one sent). */
  path: string;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  log?: Logger;
};

type Answer = { status: number; body: unknown; text: string };

const unknown = (jobId: string): JobStatus => ({
  jobId,
  state: "UNKNOWN",
  reason: null,
  nodes: null,
  exitCode: null,
});

/**
 * Slurm through slurmrestd with a JWT (`X-SLURM-USER-NAME`, `X-SLURM-USER-TOKEN`): submit the
 * fixed job script with every value in the job's `environment`, read a job, cancel it (confirmed
 * by reading its state). The request and answer shapes follow the configured API version.
 *
 * @example
 * const slurm = new RestSlurm({ url: "http://head:6820", apiVer: "v0.0.38", tokens, fetch,
 *   jobsDir: "/scratch/aifc", path: "/usr/local/bin:/usr/bin:/bin" });
 */
export class RestSlurm implements SlurmAdapter {
  readonly name = "rest" as const;
  private readonly base: string;
  private readonly options: SlurmJobOptions;

  constructor(private readonly settings: RestSlurmOptions) {
    this.base = `${settings.url.replace(/\/+$/, "")}/slurm/${settings.apiVer}`;
    this.options = settings.options ?? {};
  }

  async submit(job: JobSpec): Promise<string> {
    checkSlurmJob(job, this.options);
    // Jobs run as the token's user, who may not be the service's: the umask decides.
    ensureJobsDir(this.options, this.settings.jobsDir);
    const body = restSubmitBody(job, this.options, {
      apiVer: this.settings.apiVer,
      jobsDir: this.settings.jobsDir,
      path: this.settings.path,
    });
    const answer = await this.request("POST", "/job/submit", body);
    const errors = restErrors(answer.body);
    if (answer.status >= 300 || errors !== null) throw this.failure("submit", answer, errors);
    const jobId = restSubmittedJobId(answer.body);
    if (jobId === null) {
      throw new SlurmError(
        `slurmrestd answered the submit without a job id: ${answer.text.slice(0, 300)}`,
        "unavailable",
      );
    }
    this.settings.log?.info("slurm_submitted", { job_id: jobId, name: job.name, via: "rest" });
    return jobId;
  }

  async status(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    const entries = await Promise.all(
      jobIds.map(
        async (jobId): Promise<[string, JobStatus]> => [jobId, await this.statusOf(jobId)],
      ),
    );
    return new Map(entries);
  }

  async cancel(jobId: string): Promise<void> {
    if (!/^\d+$/.test(jobId)) return;
    const answer = await this.request("DELETE", `/job/${jobId}`);
    const errors = restErrors(answer.body);
    if ((answer.status >= 300 || errors !== null) && !isInvalidJobId(errors ?? "")) {
      throw this.failure("cancel", answer, errors);
    }
    await confirmCancelled(jobId, {
      read: (id) => this.statusOf(id),
      sleep: this.settings.sleep ?? ((ms) => Bun.sleep(ms)),
    });
  }

  private async statusOf(jobId: string): Promise<JobStatus> {
    if (!/^\d+$/.test(jobId)) return unknown(jobId);
    const answer = await this.request("GET", `/job/${jobId}`);
    const errors = restErrors(answer.body);
    if (errors !== null && isInvalidJobId(errors)) return unknown(jobId);
    if (answer.status >= 300) throw this.failure("job status", answer, errors);
    return restJobStatus(answer.body, jobId) ?? unknown(jobId);
  }

  private async request(method: string, path: string, body?: unknown): Promise<Answer> {
    const token = await this.settings.tokens.current();
    let response: Response;
    try {
      response = await this.settings.fetch(`${this.base}${path}`, {
        method,
        headers: {
          "X-SLURM-USER-NAME": this.settings.userName ?? token.user,
          "X-SLURM-USER-TOKEN": token.token,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new SlurmError(
        `Cannot reach slurmrestd at ${this.settings.url}: ${(error as Error).message}`,
        "unavailable",
      );
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // slurmrestd answers some failures (401 "Authentication failure") in plain text.
    }
    return { status: response.status, body: parsed, text };
  }

  /**
   * A failed request as a SlurmError with slurmrestd's own words: "refused" when Slurm looked at
   * the job and said no; "unavailable" for a refused token or an unreachable controller.
   */
  private failure(what: string, answer: Answer, errors: string | null): SlurmError {
    const said = errors ?? (answer.text.trim().slice(0, 300) || `HTTP ${answer.status}`);
    if (answer.status === 401 || answer.status === 403) {
      return new SlurmError(
        `slurmrestd refused the token (HTTP ${answer.status}: ${said}); check user_name and the token's source`,
        "unavailable",
      );
    }
    const unreachable = errors === null || isUnreachable(said) || answer.status >= 502;
    return new SlurmError(
      what === "submit" && !unreachable
        ? said
        : `slurmrestd ${what} failed (HTTP ${answer.status}): ${said}`,
      unreachable ? "unavailable" : "refused",
    );
  }
}
