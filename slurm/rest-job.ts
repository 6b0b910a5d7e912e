import { FINISHED_STATES, type JobSpec, type JobStatus, type SlurmJobState } from "./adapter.ts";
import { JOB_SCRIPT } from "./job-script.ts";
import { jobEnvironment, jobPaths, memoryMb, type SlurmJobOptions } from "./slurm-job-options.ts";
import { exitCodeFromWaitStatus, toNodes, toReason, toSlurmJobState } from "./slurm-state.ts";

/** The minor number of an OpenAPI version such as `v0.0.40`. */
export function apiMinor(apiVer: string): number {
  return Number(/^v0\.0\.(\d+)$/.exec(apiVer)?.[1] ?? Number.NaN);
}

/**
 * From v0.0.39 on, slurmrestd takes `environment` as a list of `K=V` strings and numbers such as
 * `time_limit` as `{set, infinite, number}`; v0.0.38 and before take an object and plain numbers.
 */
const usesNoValNumbers = (apiVer: string) => apiMinor(apiVer) >= 39;

const noVal = (number: number) => ({ set: true, infinite: false, number });

/**
 * The `POST /slurm/{ver}/job/submit` body for the configured API version: the fixed job script,
 * and every job value in `environment` (which must hold PATH: the job gets nothing else).
 *
 * @example
 * restSubmitBody(job, { partition: "gpu" }, { apiVer: "v0.0.40", jobsDir, path: "/usr/bin:/bin" });
 */
export function restSubmitBody(
  job: JobSpec,
  options: SlurmJobOptions,
  where: { apiVer: string; jobsDir: string; path: string },
): { script: string; job: Record<string, unknown> } {
  const modern = usesNoValNumbers(where.apiVer);
  const paths = jobPaths(options, where.jobsDir);
  const environment = { PATH: where.path, ...jobEnvironment(job, options) };
  const desc: Record<string, unknown> = {
    name: job.name,
    tasks: job.tasks,
    time_limit: modern ? noVal(job.timeLimitMin) : job.timeLimitMin,
    current_working_directory: paths.workdir,
    standard_output: paths.output,
    environment: modern
      ? Object.entries(environment).map(([name, value]) => `${name}=${value}`)
      : environment,
  };
  if (paths.error) desc.standard_error = paths.error;
  if (options.account) desc.account = options.account;
  if (options.partition) desc.partition = options.partition;
  if (options.qos) desc.qos = options.qos;
  if (options.cpus_per_task) desc.cpus_per_task = options.cpus_per_task;
  if (options.tasks_per_node) desc.tasks_per_node = options.tasks_per_node;
  if (options.mem) {
    const mb = memoryMb(options.mem);
    desc.memory_per_node = modern ? noVal(mb) : mb;
  }
  return { script: JOB_SCRIPT, job: desc };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A number in any of slurmrestd's spellings: plain, or `{set, infinite, number}`. */
function noValNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (isObject(value) && value.set !== false && typeof value.number === "number") {
    return value.number;
  }
  return null;
}

/** v0.0.38/39: the raw wait status; v0.0.40+: `{status, return_code, signal: {id}}`. */
function exitCodeOf(value: unknown, state: SlurmJobState): number | null {
  if (isObject(value) && "return_code" in value) {
    if (!FINISHED_STATES.has(state)) return null;
    const signal = isObject(value.signal) ? noValNumber(value.signal.id) : null;
    if (signal !== null && signal > 0) return 128 + signal;
    return noValNumber(value.return_code);
  }
  const raw = noValNumber(value);
  return raw === null ? null : exitCodeFromWaitStatus(raw, state);
}

/**
 * The job in a `GET /slurm/{ver}/job/{id}` answer, read defensively (a string or a list for
 * `job_state`, either exit code shape), or null when the answer lists no such job.
 */
export function restJobStatus(body: unknown, jobId: string): JobStatus | null {
  const jobs = isObject(body) && Array.isArray(body.jobs) ? body.jobs.filter(isObject) : [];
  const job = jobs.find((j) => String(j.job_id) === jobId) ?? null;
  if (job === null) return null;
  const state = toSlurmJobState(job.job_state as string | string[] | undefined);
  return {
    jobId,
    state,
    reason: toReason(typeof job.state_reason === "string" ? job.state_reason : null),
    nodes: toNodes(typeof job.nodes === "string" ? job.nodes : null),
    exitCode: exitCodeOf(job.exit_code, state),
  };
}

/** slurmrestd's `errors[]` on one line ("Invalid partition name specified; ..."), or null. */
export function restErrors(body: unknown): string | null {
  const errors = isObject(body) && Array.isArray(body.errors) ? body.errors.filter(isObject) : [];
  const texts = errors.map((e) => {
    const parts = [e.error, e.description].filter(
      (part): part is string => typeof part === "string" && part !== "",
    );
    const code = e.error_number ?? e.error_code;
    return [...new Set(parts)].join(": ") || `error ${String(code ?? "without a message")}`;
  });
  return texts.length > 0 ? texts.join("; ") : null;
}

/** The new job's id in a submit answer (`job_id`, or `result.job_id` from v0.0.41), or null. */
export function restSubmittedJobId(body: unknown): string | null {
  if (!isObject(body)) return null;
  const id = body.job_id ?? (isObject(body.result) ? body.result.job_id : undefined);
  return typeof id === "number" || (typeof id === "string" && /^\d+$/.test(id)) ? String(id) : null;
}
