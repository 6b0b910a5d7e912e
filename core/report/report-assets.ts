import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inlineElementText } from "./html-escape.ts";

/** The code and style a report inlines, so the file opens with no network. */
export type ReportAssets = { uplotJs: string; uplotCss: string; drawJs: string };

const read = (url: string) => readFileSync(fileURLToPath(url), "utf8");

/**
 * Reads uPlot (script and style, from its installed package) and the report's own drawing
 * script, checked safe to inline.
 */
export function loadReportAssets(): ReportAssets {
  return {
    uplotJs: inlineElementText(read(import.meta.resolve("uplot/dist/uPlot.iife.min.js")), "script"),
    uplotCss: inlineElementText(read(import.meta.resolve("uplot/dist/uPlot.min.css")), "style"),
    drawJs: inlineElementText(read(new URL("./draw-charts.js", import.meta.url).href), "script"),
  };
}
