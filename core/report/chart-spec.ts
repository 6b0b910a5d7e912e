/**
 * One line or bar series of a chart. `shown` holds the values the legend reports when `values`
 * are stacked (the legend shows each class's own count, not the running sum).
 */
export type ChartSeries = {
  label: string;
  color: string;
  values: (number | null)[];
  shown?: (number | null)[];
  /** xy charts only: this series' own x values (in the order its line joins them). */
  x?: number[];
  /** Drawn against the right-hand axis (`y2_label`), for a quantity of another size. */
  right?: boolean;
};

/**
 * A chart as data, drawn in the browser by draw-charts.js into the element with id `id`:
 * lines (with `points` for sparse data) or bars painted in series order, over a shared ascending
 * x; or an xy chart, whose series each join their own (x, y) points in the order given.
 */
export type ChartSpec = {
  id: string;
  kind: "lines" | "bars" | "xy";
  points?: boolean;
  x_label: string;
  y_label: string;
  y_max?: number;
  y2_label?: string;
  x: number[];
  series: ChartSeries[];
};

/** Colours for the report's series: readable on white and apart from each other. */
export const COLORS = {
  p50: "#1f77b4",
  p99: "#d62728",
  ttft: "#1f77b4",
  e2e: "#ff7f0e",
  requests: "#2ca02c",
  tokens: "#9467bd",
  errors: "#d62728",
} as const;

/** One colour per error class, in ERROR_CLASSES order, then grey for anything else. */
export const ERROR_COLORS: Record<string, string> = {
  http_4xx: "#8c564b",
  http_429: "#e377c2",
  http_5xx: "#d62728",
  timeout: "#ff7f0e",
  connect: "#7f7f7f",
  aborted_stream: "#bcbd22",
  invalid_response: "#17becf",
};
export const OTHER_ERROR_COLOR = "#444444";

/** A piece of a report: its HTML (built from escaped parts) and the charts it places. */
export type ReportPart = { html: string; charts: ChartSpec[] };
