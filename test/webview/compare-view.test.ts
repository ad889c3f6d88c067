/**
 * The compare view in Chromium: fed a `compare` message in a VS Code webview, and embedded in the report
 * `actlens compare --report` writes, opened from disk offline. Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { comparisonTable } from '../../src/core/compare/comparison-table.ts';
import type { CompareMessage } from '../../src/core/webview-messages.ts';
import { renderCompareReport } from '../../src/report/html-report.ts';
import type { WebviewAssets } from '../../src/report/webview-assets.ts';
import { buildPanel, PROJECT_ROOT } from './build-panel.ts';
import { launchChromium } from './chromium.ts';
import { realisticComparison } from './comparison.ts';
import {
  assertNoProblems,
  openReportFile,
  openWebviewPanel,
  postedMessages,
  sendToPanel,
  type PageProblems,
} from './panel-page.ts';
import { applyTheme, DARK_MODERN } from './vscode-themes.ts';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'webview');
const result = realisticComparison();

let browser: Browser;
let assets: WebviewAssets;

before(async () => {
  assets = buildPanel();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

interface DrawnRow {
  name: string;
  outcome: string;
  /** The verdict cell's lines: the verdict, then p, g and seeds needed. */
  verdict: string[];
  /** Painted pixels of the row's strip, 0 when the row has none. */
  ink: number;
}

async function drawnRows(page: Page): Promise<DrawnRow[]> {
  return page.$$eval('.compare-table tbody tr', (rows) =>
    rows.map((row) => {
      const canvas = row.querySelector('canvas');
      let ink = 0;
      if (canvas && canvas.width > 0) {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) ink += 1;
      }
      const outcome = Array.from(row.classList).find((name) => name.startsWith('outcome-')) ?? row.className;
      return {
        name: row.querySelector('th')!.textContent!,
        outcome,
        verdict: Array.from(row.querySelector('td.verdict')!.childNodes, (node) => node.textContent!.trim()),
        ink,
      };
    }),
  );
}

/** The strips are painted once the resize observer has reported their size. */
async function waitForStrips(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLCanvasElement>('.compare-table canvas')).every(
      (canvas) => canvas.width > 0,
    ),
  );
}

describe('the compare view in a VS Code webview', () => {
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    ({ page, problems } = await openWebviewPanel(browser, assets, { width: 1100, height: 420 }));
    await page.evaluate(applyTheme, DARK_MODERN);
    await page.waitForFunction(() => window.postedMessages.length > 0);
    const message: CompareMessage = { type: 'compare', result };
    await sendToPanel(page, message);
    await waitForStrips(page);
  });

  test('draws every candidate with its verdict, marks the baseline, and names the failed one with its reason', async () => {
    const rows = await drawnRows(page);
    assert.deepEqual(
      rows.map(({ name, outcome }) => [name, outcome]),
      [
        ['relu baseline', 'outcome-baseline'],
        ['leakyReLU', 'outcome-better'],
        ['elu', 'outcome-no-difference'],
        ['tanh', 'outcome-worse'],
      ],
    );
    for (const row of rows) assert.ok(row.ink > 150, `${row.name}'s strip painted ${row.ink} pixels`);
    assert.deepEqual(
      rows.map((row) => row.verdict),
      [
        ['the script’s own activation'],
        ['better', 'p < 0.001 · g = −20.61 [−29.7, −11.5]'],
        [
          'no significant difference at α = 0.05 with 5 seeds',
          'p = 0.554 · g = +0.37 [−0.9, +1.6]',
          '118 seeds each would detect this effect',
        ],
        ['worse', 'p < 0.001 · g = +8.07 [+4.3, +11.8]'],
      ],
    );
    assert.equal(
      await page.textContent('.compare-excluded'),
      ' selu: no result, left out of the statistics — seed 2: the last epochs’ loss was NaN or infinite',
    );
    assert.match(
      (await page.textContent('.compare-facts'))!,
      /^dead-relu-bottleneck\.js · final loss, lower is better · 5 seeds \(1–5\) · /,
    );
    assert.equal(await page.isHidden('.layer-table'), true, 'no run is shown, so none of its parts are');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare.png'), fullPage: true });
  });

  test('significant verdicts stand out in the theme’s green and red', async () => {
    const style = (selector: string) =>
      page.$eval(selector, (element) => ({
        color: getComputedStyle(element).color,
        weight: getComputedStyle(element).fontWeight,
      }));
    assert.deepEqual(await style('.outcome-better .verdict-words'), { color: 'rgb(137, 209, 133)', weight: '600' });
    assert.deepEqual(await style('.outcome-worse .verdict-words'), { color: 'rgb(241, 76, 76)', weight: '600' });
    assert.equal((await style('.outcome-no-difference .verdict-words')).weight, '400');
  });

  test('is reachable by keyboard: Copy table, then the rows, arrow keys between them', async () => {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Copy table');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.querySelector('th')?.textContent), 'leakyReLU');
  });

  test('Copy table posts the Markdown table and says so when the host has copied it', async () => {
    const before = (await postedMessages(page)).length;
    await page.click('button:has-text("Copy table")');
    const [copy] = (await postedMessages(page)).slice(before);
    assert.ok(copy?.type === 'copy');
    assert.equal(copy.text, comparisonTable(result));
    await sendToPanel(page, { type: 'reply', requestId: copy.requestId, ok: true });
    await page.waitForFunction(() => document.querySelector('#compare .announcement')?.textContent === 'Table copied.');
  });

  test('repaints its strips in the colours of a new theme', async () => {
    const baselineStrip = () =>
      page.$eval('.outcome-baseline canvas', (canvas) => (canvas as HTMLCanvasElement).toDataURL());
    const before = await baselineStrip();
    // Only a colour changes: no resize, so only the theme can make it repaint.
    await page.evaluate(applyTheme, {
      ...DARK_MODERN,
      variables: { ...DARK_MODERN.variables, '--vscode-charts-foreground': '#ff00ff' },
    });
    await page.waitForFunction(
      (painted) => document.querySelector<HTMLCanvasElement>('.outcome-baseline canvas')!.toDataURL() !== painted,
      before,
    );
    await page.evaluate(applyTheme, DARK_MODERN);
  });

  test('a malformed comparison is dropped; a new one replaces the old', async () => {
    await sendToPanel(page, {
      type: 'compare',
      result: { ...result, candidates: [{ activation: 'x', values: [Number.NaN, 1], mean: 0, std: 0, ci95: [0, 0] }] },
    });
    await sendToPanel(page, { type: 'compare', result: { ...result, comparisons: result.comparisons.slice(1) } });
    await page.waitForTimeout(100);
    assert.equal((await drawnRows(page)).length, 4);
    const accuracy: CompareMessage = {
      type: 'compare',
      result: {
        ...result,
        metric: 'acc',
        candidates: result.candidates.slice(0, 2),
        comparisons: result.comparisons.slice(0, 1),
        excluded: [],
      },
    };
    await sendToPanel(page, accuracy);
    await page.waitForFunction(() => document.querySelectorAll('.compare-table tbody tr').length === 2);
    assert.match((await page.textContent('.compare-facts'))!, /final acc, higher is better/);
    assertNoProblems(problems, await page.evaluate(() => window.cspViolations));
  });

  after(() => page?.close());
});

describe('the compare view in a 600 px panel', () => {
  let page: Page;

  before(async () => {
    ({ page } = await openWebviewPanel(browser, assets, { width: 600, height: 600 }));
    await page.evaluate(applyTheme, DARK_MODERN);
    await page.waitForFunction(() => window.postedMessages.length > 0);
    await sendToPanel(page, { type: 'compare', result });
    await waitForStrips(page);
  });

  test('is titled with the layer, leads with the headline and the chance level, then the verdict column', async () => {
    assert.equal(await page.textContent('#compare h2'), 'Compare activations — dead-relu-bottleneck.js:9 (dense #2)');
    assert.equal(
      await page.textContent('.compare-headline'),
      'leakyReLU better than relu: loss −1.43 (−73 %), p < 0.001, 5 seeds',
    );
    assert.equal(
      await page.textContent('.compare-practical'),
      'relu’s loss 1.95 against a model that learnt nothing: ln 8 ≈ 2.079 (94 % of it).',
    );
    assert.deepEqual(await page.$$eval('.compare-table thead th', (cells) => cells.map((cell) => cell.textContent)), [
      'Activation',
      'Verdict',
      'Difference, 95 % CI',
      'Mean ± sd, 95 % CI',
      'loss per seed (lower is better)',
    ]);
  });

  test('shows every verdict whole without scrolling sideways', async () => {
    const boxes = await page.$$eval('.compare-table td.verdict', (cells) =>
      cells.map((cell) => {
        const box = cell.getBoundingClientRect();
        return { left: box.left, right: box.right, width: box.width };
      }),
    );
    assert.equal(boxes.length, 4);
    for (const box of boxes) assert.ok(box.width > 80 && box.left >= 0 && box.right <= 600, JSON.stringify(box));
    assert.equal(
      await page.$eval('.compare-table tbody tr:nth-child(2) td:nth-of-type(2)', (cell) => cell.textContent),
      '−1.43 (−73 %)−1.54 … −1.32',
      'the difference and its interval beside the verdict',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-600.png'), fullPage: true });
  });

  after(() => page?.close());
});

describe('the compare report', () => {
  let page: Page;
  let problems: PageProblems;
  let folder: string;
  let requested: string[];
  let blocked: string[];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'actlens-compare-report-'));
    const file = path.join(folder, 'compare.html');
    writeFileSync(file, renderCompareReport(result, assets));
    ({ page, problems, requested, blocked } = await openReportFile(browser, file, { width: 1100, height: 420 }));
    await waitForStrips(page);
  });

  test('shows the comparison from disk, offline, under its CSP', async () => {
    const rows = await drawnRows(page);
    assert.deepEqual(
      rows.map((row) => row.name),
      ['relu baseline', 'leakyReLU', 'elu', 'tanh'],
    );
    for (const row of rows) assert.ok(row.ink > 150, `${row.name}'s strip painted ${row.ink} pixels`);
    assert.match(await page.title(), /^Compare activations — dead-relu-bottleneck\.js\S* .*· ActLens$/);
    assert.deepEqual(blocked, [], 'the report tried to reach the network');
    assert.ok(
      requested.every((url) => url.startsWith('file:')),
      requested.join('\n'),
    );
    assertNoProblems(problems, await page.evaluate(() => window.cspViolations));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare-report-light.png'), fullPage: true });
  });

  after(async () => {
    await page?.context().close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
});
