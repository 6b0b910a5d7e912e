import { escapeHtml } from "./html-escape.ts";

/** Cells that read as a number (or the "–" of a missing one) are right-aligned. */
const NUMERIC = /^(?:[-+]?[\d,]+(?:\.\d+)?|–)$/;

function cell(text: string, tag: "td" | "th" = "td"): string {
  const numeric = tag === "td" && NUMERIC.test(text) ? ' class="num"' : "";
  return `<${tag}${numeric}>${escapeHtml(text)}</${tag}>`;
}

/** A table whose every header and cell is escaped text; numeric cells are right-aligned. */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const head = headers.map((h) => cell(h, "th")).join("");
  const body = rows.map((row) => `<tr>${row.map((c) => cell(c)).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table>`;
}

/** A two-column table of names and values, for short key facts. */
export function htmlFacts(facts: readonly (readonly [string, string])[]): string {
  const rows = facts
    .map(([name, value]) => `<tr>${cell(name, "th")}${cell(value)}</tr>`)
    .join("\n");
  return `<table class="facts"><tbody>${rows}</tbody></table>`;
}
