import { z } from "zod";
import { CreateGroupBody, GroupInfo } from "../schemas/group.ts";
import { GroupResults, RequestRecordLine } from "../schemas/results.ts";

/**
 * Everything a run report shows: the spec the user asked for, the group as the service last
 * described it (Slurm job, nodes, agents, transitions), the merged results and, when the run kept
 * them, its per-request records (the time series and the CDFs come from those).
 */
export const RunReportInput = z.object({
  title: z.string(),
  generated_at: z.number().meta({ description: "unix time, seconds" }),
  service_url: z.string(),
  benchmark_id: z.number().int(),
  spec: CreateGroupBody,
  group: GroupInfo,
  results: GroupResults,
  records: z.array(RequestRecordLine).nullable(),
});
export type RunReportInput = z.infer<typeof RunReportInput>;

/** One point of a sweep: the rate or concurrency it ran at and what it measured. */
export const SweepPoint = z.object({
  benchmark_id: z.number().int(),
  /** "rate" (requests/s, open loop) or "concurrency" (clients, closed loop). */
  value: z.number(),
  results: GroupResults.nullable(),
  /** Why this point has no results or stopped the sweep (an SLO broken, a failed group). */
  note: z.string().nullable(),
});
export type SweepPoint = z.infer<typeof SweepPoint>;

export const SweepReportInput = z.object({
  title: z.string(),
  generated_at: z.number(),
  service_url: z.string(),
  dimension: z.enum(["rate", "concurrency"]),
  spec: CreateGroupBody,
  points: z.array(SweepPoint),
});
export type SweepReportInput = z.infer<typeof SweepReportInput>;
