import { createHash } from "node:crypto";
import type { ChartSpec } from "./chart-spec.ts";
import { escapeHtml, jsonForScript } from "./html-escape.ts";
import type { ReportAssets } from "./report-assets.ts";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 0 auto; max-width: 1160px; padding: 0 24px 48px; }
h1 { font-size: 22px; margin: 24px 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.subtitle, .note { color: #666; } .warning { color: #a33; }
table { border-collapse: collapse; margin: 6px 0 12px; } th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #ccc; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts th { font-weight: 600; color: #444; }
pre { background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 12px; }
figure.chart { margin: 12px 0 24px; } figcaption { font-weight: 600; margin-bottom: 4px; }
.plot { width: 100%; min-height: 280px; }
`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** A chart's place on the page: its caption, the element draw-charts.js fills, a note under it. */
export function chartFigure(id: string, caption: string, note?: string): string {
  const below = note === undefined ? "" : `<p class="note">${escapeHtml(note)}</p>`;
  return `<figure class="chart"><figcaption>${escapeHtml(caption)}</figcaption><div class="plot" id="${escapeHtml(id)}"></div>${below}</figure>`;
}

/** A section with an escaped heading around body HTML the caller built from escaped parts. */
export function section(heading: string, body: string): string {
  return `<section><h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

/**
 * The whole self-contained document: uPlot's style and script and the drawing script inlined,
 * the charts' data in a JSON block, and a Content-Security-Policy that allows no network at all
 * and runs only those two scripts (by hash), so even markup that slipped past escaping could not
 * run script.
 */
export function htmlPage(
  page: { title: string; subtitle: string; body: string; charts: ChartSpec[] },
  assets: ReportAssets,
): string {
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(assets.uplotJs)} ${sha256(assets.drawJs)}`,
    "style-src 'unsafe-inline'",
    "img-src data:",
  ].join("; ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${assets.uplotCss}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p class="subtitle">${escapeHtml(page.subtitle)}</p>
${page.body}
<script type="application/json" id="report-data">${jsonForScript({ charts: page.charts })}</script>
<script>${assets.uplotJs}</script>
<script>${assets.drawJs}</script>
</body>
</html>
`;
}
