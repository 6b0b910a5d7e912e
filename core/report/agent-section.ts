import type { GroupInfo } from "../schemas/group.ts";
import type { GroupResults, RequestRecordLine } from "../schemas/results.ts";
import { agentBreakdown } from "./agent-breakdown.ts";
import { COLORS, type ReportPart } from "./chart-spec.ts";
import { formatNumber } from "./format.ts";
import { chartFigure } from "./html-page.ts";
import { htmlTable } from "./html-table.ts";

/**
 * Per agent: a table (results' counts, and the records' when kept) and a bar chart of each task's
 * measured requests with its errors painted over them.
 */
export function agentSection(
  group: GroupInfo,
  results: GroupResults,
  records: readonly RequestRecordLine[] | null,
): ReportPart {
  const rows = agentBreakdown(group, results, records);
  if (rows.length === 0) return { html: '<p class="note">No agent took part.</p>', charts: [] };
  const withRecords = records !== null;
  const table = htmlTable(
    [
      "task",
      "agent id",
      "address",
      "clients",
      "state",
      "requests",
      "errors",
      ...(withRecords ? ["records ok", "records failed"] : []),
    ],
    rows.map((row) => [
      formatNumber(row.task_index),
      row.agent_id ?? "–",
      row.address || "–",
      formatNumber(row.clients),
      row.state ?? "–",
      formatNumber(row.requests),
      formatNumber(row.errors),
      ...(withRecords ? [formatNumber(row.records_ok), formatNumber(row.records_failed)] : []),
    ]),
  );
  const charted = rows.filter((row) => row.task_index !== null);
  if (charted.length === 0) return { html: table, charts: [] };
  return {
    html: `${chartFigure("agents", "Requests and errors per agent", "Measured requests (warm-up excluded) of each task, errors painted over them.")}\n${table}`,
    charts: [
      {
        id: "agents",
        kind: "bars",
        x_label: "task index",
        y_label: "requests",
        x: charted.map((row) => row.task_index as number),
        series: [
          { label: "requests", color: COLORS.requests, values: charted.map((r) => r.requests) },
          { label: "errors", color: COLORS.errors, values: charted.map((r) => r.errors) },
        ],
      },
    ],
  };
}
