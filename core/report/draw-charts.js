// Runs in the report page, not in Bun: draws every chart described in the JSON block
// #report-data with uPlot (inlined before this script), then marks the body as drawn.
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const format = (v) =>
    v === null || v === undefined
      ? "–"
      : v.toLocaleString("en-US", { maximumFractionDigits: Math.abs(v) < 10 ? 2 : 1 });

  // Bars need room for half a bar on each side of the first and last x.
  function barRange(xs) {
    let step = 1;
    for (let i = 1; i < xs.length; i++) step = Math.min(step, xs[i] - xs[i - 1] || step);
    return (_u, min, max) => [min - step / 2, max + step / 2];
  }

  function draw(spec) {
    const element = document.getElementById(spec.id);
    const width = Math.max(320, Math.min(element.clientWidth || 900, 1100));
    const xy = spec.kind === "xy";
    const bars = spec.kind === "bars" ? uPlot.paths.bars({ size: [0.8, 60] }) : undefined;
    const series = spec.series.map((s) => ({
      label: s.label,
      stroke: s.color,
      width: spec.kind === "bars" ? 0 : 2,
      fill: spec.kind === "bars" ? s.color : undefined,
      paths: bars,
      scale: s.right ? "y2" : "y",
      facets: xy
        ? [
            { scale: "x", auto: true },
            { scale: "y", auto: true },
          ]
        : undefined,
      points: {
        show: spec.points === true,
        size: 7,
        fill: s.color,
        // uPlot's mode 2 has no visible index range to take points from: name them all.
        filter: xy ? () => s.values.map((_v, k) => k) : undefined,
      },
      value: s.shown
        ? (_u, _v, _si, i) => (i === null || i === undefined ? "–" : format(s.shown[i]))
        : (_u, v) => format(v),
    }));
    const fromZero = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];
    const yRange = spec.y_max === undefined ? fromZero : () => [0, spec.y_max];
    // Bars stand on whole numbers (task indexes, seconds): no ticks between them.
    const integerTicks =
      spec.kind === "bars" ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 3600] } : {};
    const options = {
      // xy: every series carries its own x, joined in the order given (uPlot's mode 2).
      mode: xy ? 2 : 1,
      legend: { live: !xy },
      width,
      height: 280,
      series: [xy ? {} : { label: spec.x_label, value: (_u, v) => format(v) }, ...series],
      scales: {
        x: spec.kind === "bars" ? { time: false, range: barRange(spec.x) } : { time: false },
        y: { range: yRange },
        y2: { range: fromZero },
      },
      axes: [
        { label: spec.x_label, stroke: "#333", ...integerTicks },
        { label: spec.y_label, stroke: "#333", size: 60 },
        ...(spec.y2_label === undefined
          ? []
          : [
              {
                label: spec.y2_label,
                stroke: "#333",
                size: 60,
                scale: "y2",
                side: 1,
                grid: { show: false },
              },
            ]),
      ],
    };
    const data = xy
      ? [null, ...spec.series.map((s) => [s.x, s.values])]
      : [spec.x, ...spec.series.map((s) => s.values)];
    new uPlot(options, data, element);
  }

  for (const spec of data.charts) draw(spec);
  document.body.dataset.chartsDrawn = String(data.charts.length);
})();
