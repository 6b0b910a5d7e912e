export type PlotPoint = { x: number; y: number; label: string };

/**
 * A scatter plot in text, for a terminal: each point drawn as its one-character label on a
 * `width` × `height` grid, with the axes' ranges written at their ends. Enough to see where
 * latency turns up as throughput stops growing; the HTML report has the real chart.
 */
export function asciiPlot(
  points: readonly PlotPoint[],
  axes: { x: string; y: string },
  size: { width: number; height: number } = { width: 56, height: 12 },
): string {
  if (points.length === 0) return `(no points to plot: ${axes.y} vs ${axes.x})`;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [xMin, xMax] = [Math.min(0, ...xs), Math.max(...xs)];
  const [yMin, yMax] = [Math.min(0, ...ys), Math.max(...ys)];
  const grid = Array.from({ length: size.height }, () => Array(size.width).fill(" "));
  const scale = (v: number, lo: number, hi: number, cells: number) =>
    hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (cells - 1));
  for (const p of points) {
    const column = scale(p.x, xMin, xMax, size.width);
    const line = size.height - 1 - scale(p.y, yMin, yMax, size.height);
    (grid[line] as string[])[column] = p.label.slice(0, 1);
  }
  const yTop = yMax.toFixed(0);
  const yBottom = yMin.toFixed(0);
  const margin = Math.max(yTop.length, yBottom.length);
  const rows = grid.map((cells, i) => {
    const tick = i === 0 ? yTop : i === size.height - 1 ? yBottom : "";
    return `${tick.padStart(margin)} |${cells.join("").trimEnd()}`;
  });
  const xLabels = `${xMin.toFixed(1)}${xMax.toFixed(1).padStart(size.width - xMin.toFixed(1).length)}`;
  return [
    `${axes.y}`,
    ...rows,
    `${" ".repeat(margin)} +${"-".repeat(size.width)}`,
    `${" ".repeat(margin)}  ${xLabels}`,
    `${" ".repeat(margin)}  ${axes.x}`,
  ].join("\n");
}
