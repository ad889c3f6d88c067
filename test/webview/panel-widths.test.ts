/**
 * The panel and the HTML report at the widths a panel beside the code gets (360, 600, 1200 px) with 3, 12 and
 * 64 layers: nothing overflows sideways (the table scrolls inside itself with each layer's status in view),
 * every chart whose data the run has draws it, and a layer whose gradient is exactly zero is drawn on the log
 * chart's floor. Screenshots go to test-results/webview/widths/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunnerEvent } from '../../src/core/events.ts';
import { WEBVIEW_PROTOCOL_VERSION, type InitMessage } from '../../src/core/webview-messages.ts';
import { DEFAULT_THRESHOLDS } from '../../src/core/default-thresholds.ts';
import { renderHtmlReport } from '../../src/report/html-report.ts';
import type { WebviewAssets } from '../../src/report/webview-assets.ts';
import { buildPanel, PROJECT_ROOT } from './build-panel.ts';
import { launchChromium } from './chromium.ts';
import {
  assertChartsDrawn,
  assertNoProblems,
  openReportFile,
  openWebviewPanel,
  type PageProblems,
} from './panel-page.ts';
import { syntheticRun } from './synthetic-run.ts';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'webview', 'widths');
const WIDTHS = [360, 600, 1200];
const LAYER_COUNTS = [3, 12, 64];
/** The dead layer: the second, so that it sits between live ones on every chart. */
const ZERO_LAYER = 1;
const zeroLayerName = `dense_Dense${ZERO_LAYER + 1}`;

let browser: Browser;
let assets: WebviewAssets;
let folder: string;

before(async () => {
  assets = buildPanel();
  browser = await launchChromium();
  folder = mkdtempSync(path.join(tmpdir(), 'actlens-widths-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function runOf(layers: number): RunnerEvent[] {
  return syntheticRun({ layers, steps: 1200, every: 20, units: 16, zeroGradientLayer: ZERO_LAYER });
}

for (const layers of LAYER_COUNTS) {
  describe(`${layers} layers`, () => {
    const events = runOf(layers);

    test('the HTML report, at every width', async () => {
      const file = path.join(folder, `report-${layers}.html`);
      const run = { events, findings: [], title: `${layers} layers`, thresholds: DEFAULT_THRESHOLDS };
      writeFileSync(file, renderHtmlReport(run, assets));
      const { page, problems } = await openReportFile(browser, file, { width: WIDTHS[0]!, height: 900 });
      try {
        await checkEveryWidth(page, problems, `report-${layers}`);
      } finally {
        await page.context().close();
      }
    });

    test('the VS Code panel, at every width', async () => {
      const { page, problems } = await openWebviewPanel(browser, assets, { width: WIDTHS[0]!, height: 900 });
      try {
        const init: InitMessage = {
          type: 'init',
          protocol: WEBVIEW_PROTOCOL_VERSION,
          run: { id: `widths-${layers}`, title: `${layers} layers` },
          events,
          findings: [],
        };
        await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(init));
        await checkEveryWidth(page, problems, `panel-${layers}`);
      } finally {
        await page.close();
      }
    });
  });
}

async function checkEveryWidth(page: Page, problems: PageProblems, name: string): Promise<void> {
  await page.waitForSelector('.layer-table tbody tr');
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await assertNothingOverflows(page, width);
    await assertChartsDrawn(page, ` at ${width} px`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await assertZeroGradientDrawn(page);
  assertNoProblems(problems, await page.evaluate(() => window.cspViolations));
}

/** The page never scrolls sideways; findings and the run's status wrap; each row's status is in view. */
async function assertNothingOverflows(page: Page, width: number): Promise<void> {
  const report = await page.evaluate(() => {
    const root = document.documentElement;
    const scroller = document.querySelector('.layer-scroll')!.getBoundingClientRect();
    const overflowing = (selector: string) =>
      Array.from(document.querySelectorAll<HTMLElement>(selector))
        .filter((element) => element.scrollWidth > element.clientWidth + 1)
        .map((element) => element.textContent?.slice(0, 40));
    return {
      pageOverflow: root.scrollWidth - root.clientWidth,
      findings: overflowing('.findings-list li'),
      status: overflowing('.run-status'),
      statusCellsOutOfView: Array.from(document.querySelectorAll('.layer-table tbody td:nth-child(2)'))
        .map((cell) => cell.getBoundingClientRect())
        .filter((cell) => cell.right > scroller.right + 1 || cell.left < scroller.left - 1).length,
      statusHeader: document.querySelector('.layer-table th:nth-child(2)')?.textContent,
    };
  });
  assert.equal(report.pageOverflow, 0, `the page scrolls sideways at ${width} px`);
  assert.deepEqual(report.findings, [], `findings overflow at ${width} px`);
  assert.deepEqual(report.status, [], `the run's status overflows at ${width} px`);
  assert.equal(report.statusHeader, 'Status');
  assert.equal(report.statusCellsOutOfView, 0, `status cells out of view at ${width} px`);
}

/**
 * The zero-gradient layer's line lies on the log chart's floor: highlighted from its table row (thick, at full
 * opacity, the other lines faded), its colour covers a long run of pixels.
 */
async function assertZeroGradientDrawn(page: Page): Promise<void> {
  await page.locator('.view-choice:visible:has-text("over steps")').first().click();
  await page.hover(`tr[data-layer="${zeroLayerName}"] td:first-child`);
  await page.waitForTimeout(250);
  const result = await page.evaluate((layer) => {
    const chart = document.querySelector('#chart-gradient-steps')!;
    const labels = Array.from(chart.querySelectorAll('.u-legend .u-series'));
    const entry = labels.find((row) => row.textContent?.includes(layer));
    const marker = entry?.querySelector<HTMLElement>('.u-marker');
    const color = marker ? getComputedStyle(marker).borderColor : '';
    const [red, green, blue] = (color.match(/\d+/g) ?? []).map(Number);
    const canvas = chart.querySelector<HTMLCanvasElement>('.plot canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let matching = 0;
    for (let index = 0; index < data.length; index += 4) {
      const near = (offset: number, value: number | undefined) => Math.abs(data[index + offset]! - (value ?? -99)) < 12;
      if (data[index + 3]! > 240 && near(0, red) && near(1, green) && near(2, blue)) matching += 1;
    }
    return { color, matching, canvasWidth: canvas.width };
  }, zeroLayerName);
  assert.ok(result.color, `no legend entry for ${zeroLayerName}`);
  assert.ok(
    result.matching > result.canvasWidth / 2,
    `${zeroLayerName} (${result.color}) covers ${result.matching} pixels of a ${result.canvasWidth}-pixel-wide chart`,
  );
  await page.mouse.move(0, 0);
}
