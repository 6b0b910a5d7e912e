import * as path from "node:path";
import { z } from "zod";
import { JOB_ENV } from "../core/config/job-environment.ts";
import { AppError } from "../core/errors.ts";
import { BenchmarkId, MAX_CLIENTS, MAX_NODES, MAX_TIME_LIMIT_MIN } from "../core/schemas/group.ts";
import type { JobSpec } from "./adapter.ts";

// Environment values cannot hold NUL bytes: a process would refuse to start with one.
const envText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !s.includes("\0"), "must not contain a NUL byte");

const absolutePath = envText(4096).refine(path.isAbsolute, "must be an absolute path");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048);

/** What the service knows when it submits a group's job; every value is checked before use. */
export const JobSpecInput = z
  .object({
    benchmarkId: BenchmarkId,
    numClients: z.number().int().min(1).max(MAX_CLIENTS),
    timeLimitMin: z.number().int().min(1).max(MAX_TIME_LIMIT_MIN),
    tasks: z.number().int().min(1).max(MAX_NODES),
    serverAddr: httpUrl,
    serviceAddr: httpUrl,
    groupToken: envText(8192),
    projectDir: absolutePath,
    bunPath: absolutePath,
    containerImage: envText(4096).optional(),
    /** The observer allow-list the agent enforces ("" for none). */
    observerAllow: z.string().max(8192).optional(),
    /** The agent's own deadline; defaults to the whole Slurm time limit. */
    timeLimitS: z.number().int().min(1).optional(),
  })
  .strict()
  .refine(
    (input) => input.timeLimitS === undefined || input.timeLimitS <= input.timeLimitMin * 60,
    {
      path: ["timeLimitS"],
      message: "must not exceed the Slurm time limit (timeLimitMin * 60)",
    },
  )
  .transform((input) => ({ ...input, timeLimitS: input.timeLimitS ?? input.timeLimitMin * 60 }));
export type JobSpecInput = z.input<typeof JobSpecInput>;

/**
 * Builds the Slurm job for one client group. The name is `aifc-<benchmarkId>`; everything else
 * the job needs travels in `environment` under the `JOB_ENV` names, never in script text.
 * Throws an AppError (422) naming the bad field when the input is out of bounds.
 *
 * @example
 * buildJobSpec({ benchmarkId: 42, numClients: 8, timeLimitMin: 5, tasks: 2, serverAddr,
 *   serviceAddr, groupToken, projectDir: "/srv/aifc", bunPath: "/usr/local/bin/bun" });
 */
export function buildJobSpec(input: JobSpecInput): JobSpec {
  const parsed = JobSpecInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "job"}: ${issue.message}`)
      .join("; ");
    throw new AppError(422, `The Slurm job cannot be built: ${problems}`);
  }
  const job = parsed.data;
  const environment: Record<string, string> = {
    [JOB_ENV.numClients]: String(job.numClients),
    [JOB_ENV.serverAddr]: job.serverAddr,
    [JOB_ENV.serviceAddr]: job.serviceAddr,
    [JOB_ENV.benchmarkId]: String(job.benchmarkId),
    [JOB_ENV.groupToken]: job.groupToken,
    [JOB_ENV.timeLimitS]: String(job.timeLimitS),
    [JOB_ENV.projectDir]: job.projectDir,
    [JOB_ENV.bun]: job.bunPath,
    // Bun's fetch sends at most 256 requests at once unless told more at start-up, and queued
    // requests would count their wait as TTFT. An open loop's in-flight count depends on rate
    // times latency, not on clients, so ask for Bun's maximum.
    BUN_CONFIG_MAX_HTTP_REQUESTS: "65336",
  };
  if (job.containerImage !== undefined) environment[JOB_ENV.containerImage] = job.containerImage;
  if (job.observerAllow !== undefined) environment[JOB_ENV.observerAllow] = job.observerAllow;
  return {
    name: `aifc-${job.benchmarkId}`,
    timeLimitMin: job.timeLimitMin,
    tasks: job.tasks,
    environment,
  };
}
