/**
 * The panel in Chromium: as a VS Code webview fed by host messages, and as an HTML report opened from disk
 * with the network cut off. Screenshots go to test-results/webview/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { LayerEvent, WindowEvent } from '../../src/protocol/events.ts';
import { WEBVIEW_PROTOCOL_VERSION, type CompareMessage, type InitMessage } from '../../src/protocol/webview-messages.ts';
import { renderHtmlReport } from '../../src/report/html-report.ts';
import type { WebviewAssets } from '../../src/report/webview-assets.ts';
import { buildPanel, PROJECT_ROOT } from './build-panel.ts';
import { launchChromium } from './chromium.ts';
import { chartInk, LINE_CHART_IDS, openWebviewPanel, postedMessages, sendToPanel, instrumentPage, type PageProblems } from './panel-page.ts';
import { deadUnitsFinding, layerOf, recordedEvents } from './recorded-run.ts';
import { applyTheme, DARK_MODERN, HIGH_CONTRAST } from './vscode-themes.ts';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'webview');
const events = recordedEvents();
const finding = deadUnitsFinding(events);
const layers = events.filter((event): event is LayerEvent => event.type === 'layer');

let browser: Browser;
let assets: WebviewAssets;

before(async () => {
  assets = buildPanel();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

/** Scrolls to each chart (the panel draws only those in view) and checks that all of them have ink. */
async function assertChartsDrawn(page: Page): Promise<void> {
  for (const id of [...LINE_CHART_IDS, 'chart-units']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.waitForFunction((chart) => Number(document.querySelector<HTMLElement>(`#${chart} .plot`)?.dataset.points ?? 1) > 0, id);
  }
  await page.waitForTimeout(150);
  const ink = await chartInk(page);
  for (const id of LINE_CHART_IDS) {
    const { values, pixels } = ink.lineCharts[id]!;
    assert.ok(values > 0, `${id} plots no values`);
    assert.ok(pixels > 1000, `${id} painted ${pixels} pixels`);
  }
  assert.ok(ink.heatmapPixels > 1000, `the heat map painted ${ink.heatmapPixels} pixels`);
}

async function tableRows(page: Page): Promise<Array<{ layer: string; badge: string; severity: string }>> {
  return page.$$eval('.layer-table tbody tr', (rows) =>
    rows.map((row) => {
      const badge = row.querySelector('.badge')!;
      return { layer: (row as HTMLElement).dataset.layer!, badge: badge.textContent!.trim(), severity: Array.from(badge.classList).find((name) => name.startsWith('severity-')) ?? '' };
    }),
  );
}

function assertNoProblems(problems: PageProblems, violations: string[]): void {
  assert.deepEqual(problems.errors, []);
  assert.deepEqual([...problems.violations, ...violations], []);
}

describe('the panel in a VS Code webview', () => {
  let page: Page;
  let problems: PageProblems;
  const runId = 'dying-relu-high-lr-1';

  before(async () => {
    ({ page, problems } = await openWebviewPanel(browser, assets));
    await page.evaluate(applyTheme, DARK_MODERN);
  });

  test('says it is ready, then draws every chart from init', async () => {
    await page.waitForFunction(() => window.postedMessages.length > 0);
    assert.deepEqual(await postedMessages(page), [{ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION }]);
    const init: InitMessage = { type: 'init', protocol: WEBVIEW_PROTOCOL_VERSION, run: { id: runId, title: 'dying-relu-high-lr.js' }, events, findings: [finding] };
    await sendToPanel(page, init);
    await page.waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length > 0);
    await page.waitForTimeout(200);
    await assertChartsDrawn(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-dark.png'), fullPage: true });
  });

  test('the header tells the script, backend, steps and outcome; Stop is off once finished', async () => {
    assert.equal(await page.textContent('.run-title'), 'dying-relu-high-lr.js');
    assert.match((await page.textContent('.run-facts'))!, /^wasm · step 192 · [\d.]+ steps\/s · elapsed 1 s · loss [\d.]+$/);
    assert.equal(await page.textContent('.status-text'), 'Finished after 192 steps.');
    assert.equal(await page.isDisabled('button:has-text("Stop")'), true);
    assert.equal(await page.isVisible('button:has-text("Re-run")'), true);
  });

  test('the table lists every layer with the badge of its findings', async () => {
    assert.deepEqual(await tableRows(page), [
      { layer: 'dense_Dense1', badge: '—', severity: '' },
      { layer: 'dense_Dense2', badge: 'dead-units', severity: 'severity-warning' },
      { layer: 'dense_Dense3', badge: '—', severity: '' },
    ]);
  });

  test('hovering or focusing a badge shows the finding and its fixes', async () => {
    await page.hover('.badge.severity-warning');
    const tooltip = page.locator('#actlens-tooltip');
    assert.equal(await tooltip.isVisible(), true);
    const text = (await tooltip.textContent())!;
    assert.ok(text.includes(finding.message), text);
    for (const fix of finding.fixes) assert.ok(text.includes(fix.title), `${fix.title} missing from: ${text}`);
    await page.mouse.move(0, 0);
    assert.equal(await tooltip.isVisible(), false);
    await page.focus('.badge.severity-warning');
    assert.equal(await tooltip.isVisible(), true);
    await page.keyboard.press('Escape');
    assert.equal(await tooltip.isVisible(), false);
  });

  test('clicking a row, or Enter on it, reveals the layer’s source and shows its units', async () => {
    const before = (await postedMessages(page)).length;
    await page.click('tr[data-layer="dense_Dense2"] td:first-child');
    await page.focus('tr[data-layer="dense_Dense1"]');
    await page.keyboard.press('Enter');
    const reveals = (await postedMessages(page)).slice(before);
    const withoutIds = reveals.map((message) => ({ ...message, requestId: undefined }));
    const revealOf = (name: string) => ({ type: 'reveal', requestId: undefined, ...layerOf(events, name).source! });
    assert.deepEqual(withoutIds, [revealOf('dense_Dense2'), revealOf('dense_Dense1')]);
    assert.deepEqual(revealOf('dense_Dense2'), { type: 'reveal', requestId: undefined, file: '/work/main/examples/dying-relu-high-lr.js', line: 10, column: 13 });
    assert.equal(new Set(reveals.map((message) => 'requestId' in message && message.requestId)).size, 2, 'each request has its own id');
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#chart-units select')?.value === 'dense_Dense1');
    assert.equal(await page.getAttribute('tr[data-layer="dense_Dense1"]', 'aria-current'), 'true');
  });

  test('a live events message advances the step shown and extends the charts', async () => {
    const lossBefore = (await chartInk(page)).lineCharts['chart-loss']!.values;
    await sendToPanel(page, { type: 'state', runId, status: 'running', message: 'Running.' });
    await sendToPanel(page, { type: 'events', runId, events: [liveWindow(193, 212)] });
    await page.waitForFunction(() => document.querySelector('.run-facts')?.textContent?.includes('step 212'));
    assert.equal(await page.textContent('.status-text'), 'Running — step 212');
    assert.equal(await page.isDisabled('button:has-text("Stop")'), false);
    await page.waitForTimeout(150);
    assert.equal((await chartInk(page)).lineCharts['chart-loss']!.values, lossBefore + 20);
  });

  test('Stop posts a request for this run and shows the host’s refusal', async () => {
    const before = (await postedMessages(page)).length;
    await page.click('button:has-text("Stop")');
    const [stop] = (await postedMessages(page)).slice(before);
    assert.ok(stop?.type === 'stop');
    assert.equal(stop.runId, runId);
    await sendToPanel(page, { type: 'reply', requestId: stop.requestId, ok: false, message: 'The run already ended.' });
    await page.waitForFunction(() => document.querySelector('.announcement')?.textContent === 'The run already ended.');
  });

  test('messages for another run, and malformed ones, change nothing', async () => {
    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await sendToPanel(page, { type: 'events', runId: 'some-old-run', events: [liveWindow(213, 400)] });
    await sendToPanel(page, { type: 'events', runId, events: [{ type: 'window', fromStep: 'soon' }] });
    await sendToPanel(page, { type: 'init', protocol: 99, run: { id: 'x', title: '' }, events: [], findings: [] });
    await sendToPanel(page, 'not even an object');
    await page.waitForTimeout(200);
    assert.match((await page.textContent('.run-facts'))!, /step 212 /);
    assert.equal(warnings.filter((warning) => warning.includes('dropped a message')).length, 3);
  });

  test('follows a switch to a high-contrast theme with larger text', async () => {
    await page.evaluate(applyTheme, HIGH_CONTRAST);
    await page.waitForFunction(() => getComputedStyle(document.body).fontSize === '16px');
    await page.waitForTimeout(200);
    await assertChartsDrawn(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-high-contrast.png'), fullPage: true });
    assertNoProblems(problems, await page.evaluate(() => window.cspViolations));
  });

  test('a new run replaces the table: no row of the previous run stays', async () => {
    const smaller = events.filter((event) => !(event.type === 'layer' && event.name === 'dense_Dense3'));
    await sendToPanel(page, { type: 'init', protocol: WEBVIEW_PROTOCOL_VERSION, run: { id: 'next-run', title: 'next.js' }, events: smaller, findings: [] });
    await page.waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length === 2, undefined, { timeout: 5000 }).catch(() => undefined);
    assert.deepEqual((await tableRows(page)).map((row) => row.layer), ['dense_Dense1', 'dense_Dense2']);
  });

  after(() => page?.close());
});

describe('the HTML report', () => {
  let page: Page;
  let problems: PageProblems;
  let folder: string;
  const requested: string[] = [];
  const blocked: string[] = [];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'actlens-report-'));
    const file = path.join(folder, 'report.html');
    writeFileSync(file, renderHtmlReport({ events, findings: [finding], title: 'ActLens — dying-relu-high-lr.js' }, assets));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page = await context.newPage();
    problems = instrumentPage(page);
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length > 0);
    await page.waitForTimeout(200);
  });

  test('draws every chart from the embedded run, offline, without CSP violations', async () => {
    await assertChartsDrawn(page);
    assert.deepEqual(blocked, [], 'the report tried to reach the network');
    assert.ok(requested.every((url) => url.startsWith('file:')), requested.join('\n'));
    assertNoProblems(problems, await page.evaluate(() => window.cspViolations));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report-light.png'), fullPage: true });
  });

  test('lists the layers and findings, without Stop or Re-run', async () => {
    assert.deepEqual(
      (await tableRows(page)).map((row) => [row.layer, row.badge]),
      layers.map((layer) => [layer.name, layer.name === 'dense_Dense2' ? 'dead-units' : '—']),
    );
    assert.equal(await page.isVisible('button:has-text("Stop")'), false);
    assert.equal(await page.isVisible('button:has-text("Re-run")'), false);
    assert.equal(await page.isVisible('button:has-text("Copy summary")'), true);
    assert.equal(await page.textContent('.status-text'), 'Finished after 192 steps.');
  });

  test('follows a dark colour scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(31, 31, 31)');
    await assertChartsDrawn(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report-dark.png'), fullPage: true });
  });

  after(async () => {
    await page?.context().close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
});

/** The recorded run's last window, moved to later steps: what a live run sends next. */
function liveWindow(fromStep: number, toStep: number): WindowEvent {
  const last = events.filter((event): event is WindowEvent => event.type === 'window').at(-1)!;
  const length = toStep - fromStep + 1;
  const stretch = <T>(values: T[]) => Array.from({ length }, (_, index) => values[index % values.length]!);
  return {
    ...last,
    fromStep,
    toStep,
    loss: stretch(last.loss),
    gradients: last.gradients.map((series) => ({ ...series, norm: stretch(series.norm) })),
    elapsedMs: last.elapsedMs + 100,
  };
}


describe('the compare view', () => {
  let page: Page;
  const table = '| activation | loss mean ± sd |\n|---|---|\n| relu (baseline) | 1.955 ± 0.008 |';
  const comparison: CompareMessage = {
    type: 'compare',
    table,
    result: {
      schemaVersion: 1,
      script: '/work/bottleneck.js',
      metric: 'loss',
      baseline: 'relu',
      seeds: [1, 2, 3],
      candidates: [
        { activation: 'relu', values: [1.95, 1.96, 1.947], mean: 1.952, std: 0.0068, ci95: [1.935, 1.969] },
        { activation: 'leakyReLU', values: [0.41, 0.52, 0.65], mean: 0.527, std: 0.12, ci95: [0.229, 0.825] },
        { activation: 'elu', values: [2.01, 2.06, 2.11], mean: 2.06, std: 0.05, ci95: [1.936, 2.184] },
      ],
      comparisons: [
        { candidate: 'leakyReLU', welchP: 0.0025, mannWhitneyP: 0.1, adjustedP: 0.005, hedgesG: -13.1, significant: true, verdict: 'better', seedsNeeded: 2 },
        { candidate: 'elu', welchP: 0.066, mannWhitneyP: 0.1, adjustedP: 0.066, hedgesG: 2.33, significant: false, verdict: 'no significant difference at α = 0.05 with 3 seeds', seedsNeeded: 5 },
      ],
      runs: [],
      excluded: [{ activation: 'selu', reason: 'seed 1: the last epochs’ loss was NaN or infinite' }],
    },
  };

  before(async () => {
    ({ page } = await openWebviewPanel(browser, assets));
    await page.waitForFunction(() => window.postedMessages.length > 0);
    await sendToPanel(page, comparison);
    await page.waitForFunction(() => !document.getElementById('compare')?.hidden);
  });

  test('draws every candidate with its verdict, marks the baseline, lists what was left out', async () => {
    const rows = await page.$$eval('.compare-table tbody tr', (elements) => elements.map((row) => ({ name: row.querySelector('th')?.textContent, verdict: row.querySelector('.verdict')?.textContent, significant: row.querySelector('.verdict')?.classList.contains('significant') })));
    assert.deepEqual(rows.map((row) => row.name), ['relu (baseline)', 'leakyReLU', 'elu']);
    assert.equal(rows[0]!.verdict, 'baseline');
    assert.match(rows[1]!.verdict!, /^better \(p = 0\.005/);
    assert.equal(rows[1]!.significant, true);
    assert.equal(rows[2]!.significant, false);
    const inked = await page.$$eval('.compare-table canvas', (canvases) => (canvases as HTMLCanvasElement[]).map((canvas) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, index) => index % 4 === 3 && value > 0);
    }));
    assert.deepEqual(inked, [true, true, true], 'every strip is drawn');
    assert.match((await page.textContent('.compare .excluded'))!, /selu: no result/);
    assert.equal(await page.isHidden('.layer-table'), true, 'no run shown, so no empty run parts');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compare.png'), fullPage: true });
  });

  test('Copy table posts the Markdown table', async () => {
    await page.click('button.copy-table');
    await page.waitForFunction(() => window.postedMessages.some((message) => message.type === 'copy'));
    const copy = (await postedMessages(page)).find((message) => message.type === 'copy');
    assert.equal(copy?.type === 'copy' && copy.text, table);
  });

  after(() => page?.close());
});
