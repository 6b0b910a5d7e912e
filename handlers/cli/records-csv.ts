import { RequestRecordLine } from "../../core/schemas/results.ts";

const COLUMNS = Object.keys(RequestRecordLine.shape) as Array<keyof RequestRecordLine>;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; null is empty. */
function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The per-request records as CSV: a header with the record's fields in schema order, then one
 * line per request, so a spreadsheet or pandas reads them as they are.
 */
export function recordsToCsv(records: readonly RequestRecordLine[]): string {
  const lines = [COLUMNS.join(",")];
  for (const record of records) lines.push(COLUMNS.map((c) => field(record[c])).join(","));
  return `${lines.join("\n")}\n`;
}

/** Parses the service's JSONL records; a line that does not match the schema is an error. */
export function parseRecordLines(text: string): RequestRecordLine[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const parsed = RequestRecordLine.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`record line ${index + 1} is not a request record`);
      return parsed.data;
    });
}
