/**
 * Opening the panel in Chromium the way VS Code and a browser would: as a webview (the real webviewHtml
 * with its CSP, served from a fake resource origin, and a recording stand-in for acquireVsCodeApi), or as
 * an HTML report file. Every page records CSP violations, page errors and console errors.
 */
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/core/webview-messages.ts';
import { webviewHtml } from '../../src/report/html-report.ts';
import type { WebviewAssets } from '../../src/report/webview-assets.ts';
// The panel's declaration of the global acquireVsCodeApi (webview is its own TypeScript project now).
import type {} from '../../webview/host-connection.ts';

/** Stands in for the webview's resource origin (webview.cspSource). */
const RESOURCE_ORIGIN = 'https://actlens-resources.test';

export interface PageProblems {
  violations: string[];
  errors: string[];
}

declare global {
  interface Window {
    postedMessages: WebviewMessage[];
    cspViolations: string[];
  }
}

export async function openWebviewPanel(
  browser: Browser,
  assets: WebviewAssets,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport });
  const problems = instrumentPage(page);
  await page.addInitScript(() => {
    window.postedMessages = [];
    let state: unknown;
    // What VS Code injects: callable once, posting structured clones.
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (message) => window.postedMessages.push(structuredClone(message)),
        getState: () => state,
        setState: (next) => (state = structuredClone(next)),
      };
    };
  });
  const html = webviewHtml({
    cspSource: RESOURCE_ORIGIN,
    nonce: 'test-nonce-4f2a',
    scriptUri: `${RESOURCE_ORIGIN}/webview.js`,
    styleUri: `${RESOURCE_ORIGIN}/webview.css`,
  });
  const files: Record<string, { body: string; contentType: string }> = {
    '/index.html': { body: html, contentType: 'text/html' },
    '/webview.js': { body: assets.script, contentType: 'text/javascript' },
    '/webview.css': { body: assets.css, contentType: 'text/css' },
  };
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === RESOURCE_ORIGIN ? files[url.pathname] : undefined;
    if (file) return route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
    problems.errors.push(`unexpected request: ${url.href}`);
    return route.abort();
  });
  await page.goto(`${RESOURCE_ORIGIN}/index.html`);
  return { page, problems };
}

export interface ReportPage {
  page: Page;
  problems: PageProblems;
  /** Every URL the page requested, and those that were not file: URLs (refused). */
  requested: string[];
  blocked: string[];
}

/** Opens an HTML report from disk as a reader would, with every request other than file: refused. Close its context when done. */
export async function openReportFile(
  browser: Browser,
  file: string,
  viewport = { width: 1280, height: 900 },
): Promise<ReportPage> {
  const requested: string[] = [];
  const blocked: string[] = [];
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems = instrumentPage(page);
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, problems, requested, blocked };
}

/**
 * Prepares a page for these tests: records CSP violations, uncaught errors and console errors, and defines
 * `__name`, which tsx (esbuild's keepNames) wraps around named functions in code passed to page.evaluate.
 */
export function instrumentPage(page: Page): PageProblems {
  const problems: PageProblems = { violations: [], errors: [] };
  void page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  void page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(`console error: ${message.text()}`);
  });
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.violations.push(message.text());
  });
  return problems;
}

/** Fails on any page error, console error or CSP violation (`violations`: what the page itself recorded). */
export function assertNoProblems(problems: PageProblems, violations: string[]): void {
  assert.deepEqual(problems.errors, []);
  assert.deepEqual([...problems.violations, ...violations], []);
}

/** Delivers a message as the extension host would (webview.postMessage → a message event). */
export async function sendToPanel(page: Page, message: HostMessage | unknown): Promise<void> {
  await page.evaluate((data) => window.postMessage(data, '*'), message);
}

export async function postedMessages(page: Page): Promise<WebviewMessage[]> {
  return page.evaluate(() => window.postedMessages);
}

/** Chart ids of the panel, in page order. */
export const LINE_CHART_IDS = [
  'chart-dead',
  'chart-gradient-steps',
  'chart-gradient-depth',
  'chart-activation-mean',
  'chart-activation-std',
  'chart-loss',
  'chart-epochs',
];

export interface ChartInk {
  /** Per line chart: the values it plots and the painted pixels of its canvas. */
  lineCharts: Record<string, { values: number; pixels: number }>;
  heatmapPixels: number;
}

export async function chartInk(page: Page): Promise<ChartInk> {
  return page.evaluate((ids) => {
    const painted = (canvas: HTMLCanvasElement | null) => {
      if (!canvas || canvas.width === 0) return 0;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) count += 1;
      return count;
    };
    const lineCharts: Record<string, { values: number; pixels: number }> = {};
    for (const id of ids) {
      const plot = document.querySelector<HTMLElement>(`#${id} .plot`);
      lineCharts[id] = {
        values: Number(plot?.dataset.points ?? 0),
        pixels: painted(document.querySelector(`#${id} .plot canvas`)),
      };
    }
    return { lineCharts, heatmapPixels: painted(document.querySelector('#chart-units canvas')) };
  }, LINE_CHART_IDS);
}

/** The gradient chart's two views, chosen by the switch in its caption; only one is shown at a time. */
const GRADIENT_VIEWS = ['over steps', 'by depth'];

/**
 * Every chart whose data the run has draws it: in each view of the gradient switch, each chart shown is scrolled
 * into view (a live panel redraws only those), must say how many values it plots, and must have ink.
 */
export async function assertChartsDrawn(page: Page, where = ''): Promise<void> {
  for (const view of GRADIENT_VIEWS) {
    await page.locator(`.view-choice:visible:has-text("${view}")`).first().click();
    const shown = await page.$$eval('.chart:not([hidden])', (charts) => charts.map((chart) => chart.id));
    for (const id of shown) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      if (id !== 'chart-units')
        await page.waitForFunction((chart) => document.querySelector(`#${chart} .plot[data-points]`) !== null, id);
    }
    await page.waitForTimeout(150);
    const ink = await chartInk(page);
    for (const id of LINE_CHART_IDS.filter((chart) => shown.includes(chart))) {
      const { values, pixels } = ink.lineCharts[id]!;
      assert.ok(values > 0, `${id} plots no values${where}`);
      assert.ok(pixels > 1000, `${id} painted ${pixels} pixels${where}`);
    }
    assert.ok(ink.heatmapPixels > 500, `the heat map painted ${ink.heatmapPixels} pixels${where}`);
  }
}
