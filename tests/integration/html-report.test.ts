import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { ChartSpec } from "../../core/report/chart-spec.ts";
import { renderRunReport } from "../../core/report/render-run-report.ts";
import { renderSweepReport } from "../../core/report/render-sweep-report.ts";
import {
  fixtureRunReport,
  fixtureSweepReport,
  HOSTILE_MODEL,
} from "../unit/report/report-fixtures.ts";

/** Debian's chromium package (or AIFC_CHROMIUM); playwright-core never downloads a browser. */
const CHROMIUM = process.env.AIFC_CHROMIUM ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(
    `html-report tests SKIPPED: ${CHROMIUM} is missing (install it: apt-get install -y chromium)`,
  );
}
const browserTest = HAVE_CHROMIUM ? test : test.skip;

/** The little of the page's DOM these checks touch (the project's types carry no DOM library). */
type PageWindow = {
  pwned?: number;
  document: {
    getElementById(id: string): { textContent: string | null } | null;
    querySelector(selector: string): {
      width: number;
      height: number;
      getContext(kind: "2d"): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    } | null;
  };
};

/** What one canvas holds: painted pixels, distinct colours, and pixels of each series' colour. */
type CanvasInk = {
  id: string;
  area: number;
  painted: number;
  colours: number;
  seriesInk: number[];
};

/** Reads every chart's canvas in the page and measures what was drawn on it. */
function inkOf(page: Page, charts: ChartSpec[]): Promise<CanvasInk[]> {
  return page.evaluate((specs) => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    const { document } = globalThis as unknown as PageWindow;
    return specs.map((spec) => {
      const canvas = document.querySelector(`#${spec.id} canvas`);
      if (!canvas) return { id: spec.id, area: 0, painted: 0, colours: 0, seriesInk: [] };
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      const targets = spec.series.map((s) => rgb(s.color));
      const seriesInk = targets.map(() => 0);
      const colours = new Set<number>();
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]] as [
          number,
          number,
          number,
          number,
        ];
        if (a === 0) continue;
        painted++;
        colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
        targets.forEach(([tr, tg, tb], k) => {
          const near =
            Math.abs(r - (tr as number)) +
            Math.abs(g - (tg as number)) +
            Math.abs(b - (tb as number));
          if (a > 200 && near <= 30) seriesInk[k] = (seriesInk[k] ?? 0) + 1;
        });
      }
      return {
        id: spec.id,
        area: canvas.width * canvas.height,
        painted,
        colours: colours.size,
        seriesInk,
      };
    });
  }, charts);
}

/**
 * Reports rendered from realistic data (four agents, ~2000 records over 20 s of an open-loop
 * run, errors of three classes, a hostile model name), opened from file:// in Debian's headless
 * Chromium with every non-file request aborted: they must load without console errors or page
 * errors, ask for nothing from the network, draw every chart, and show the hostile name as text.
 */
describe("HTML reports in a real headless Chromium", () => {
  let dir: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    dir = mkdtempSync(join(tmpdir(), "aifc-html-report-"));
    browser = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens an HTML file as a user would, with the network cut off and every complaint kept. */
  async function open(name: string, html: string) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage();
    const errors: string[] = [];
    const network: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page: ${e.message}`));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      network.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    return { page, errors, network };
  }

  /** Waits for the drawing script, screenshots the page and checks every chart has real ink. */
  async function expectChartsDrawn(name: string, page: Page, charts: ChartSpec[]) {
    await page.waitForSelector(`body[data-charts-drawn="${charts.length}"]`, { timeout: 10_000 });
    const shot = join(dir, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(await page.locator("canvas").count()).toBe(charts.length);
    for (const ink of await inkOf(page, charts)) {
      expect({ id: ink.id, enough: ink.painted > ink.area / 50 }).toEqual({
        id: ink.id,
        enough: true,
      });
      expect(ink.colours).toBeGreaterThan(3);
      for (const [k, n] of ink.seriesInk.entries()) {
        expect({ id: ink.id, series: k, drawn: n >= 20 }).toEqual({
          id: ink.id,
          series: k,
          drawn: true,
        });
      }
    }
  }

  const chartsIn = (page: Page): Promise<ChartSpec[]> =>
    page.evaluate(
      () =>
        JSON.parse(
          (globalThis as unknown as PageWindow).document.getElementById("report-data")
            ?.textContent ?? "{}",
        ).charts,
    );

  browserTest(
    "a run report with records draws its six charts, offline, with no errors",
    async () => {
      const { page, errors, network } = await open(
        "run",
        renderRunReport(fixtureRunReport({ records: true })),
      );
      const charts = await chartsIn(page);
      expect(charts.map((c) => c.id)).toEqual([
        "cdf-ttft",
        "cdf-e2e",
        "latency-over-time",
        "throughput-over-time",
        "errors-over-time",
        "agents",
      ]);
      await expectChartsDrawn("run", page, charts);
      expect(errors).toEqual([]);
      expect(network).toEqual([]);
      expect(
        await page.evaluate(() => (globalThis as unknown as PageWindow).pwned),
      ).toBeUndefined();
      const text = await page.locator("body").textContent();
      expect(text).toContain(HOSTILE_MODEL);
      expect(text).toContain("<img src=x onerror=alert(1)>");
      await page.close();
    },
  );

  browserTest(
    "a run report without records draws approximate CDFs and says why there are no time series",
    async () => {
      const { page, errors, network } = await open(
        "run-without-records",
        renderRunReport(fixtureRunReport({ records: false })),
      );
      const charts = await chartsIn(page);
      expect(charts.map((c) => c.id)).toEqual(["cdf-ttft", "cdf-e2e", "agents"]);
      await expectChartsDrawn("run-without-records", page, charts);
      expect(errors).toEqual([]);
      expect(network).toEqual([]);
      expect(await page.locator("body").textContent()).toContain(
        "The time series need the run's per-request records",
      );
      await page.close();
    },
  );

  browserTest("a sweep report draws its throughput-vs-p99 curve", async () => {
    const { page, errors, network } = await open("sweep", renderSweepReport(fixtureSweepReport()));
    const charts = await chartsIn(page);
    expect(charts.map((c) => c.id)).toEqual(["sweep-curve"]);
    await expectChartsDrawn("sweep", page, charts);
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as PageWindow).pwned)).toBeUndefined();
    expect(await page.locator("table:not(.u-legend) tbody tr").count()).toBe(6);
    await page.close();
  });

  browserTest("the network guard sees a page that does reach out", async () => {
    const { page, network } = await open(
      "reaching-out",
      '<!doctype html><body><img src="http://127.0.0.1:9/pixel.png"></body>',
    );
    await page.waitForLoadState("load");
    expect(network).toEqual(["http://127.0.0.1:9/pixel.png"]);
    await page.close();
  });
});
