/**
 * The panel in Chromium: as a VS Code webview fed by host messages, and as an HTML report opened from disk
 * with the network cut off. Screenshots go to test-results/webview/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { LayerEvent, WindowEvent } from '../../src/core/events.ts';
import { WEBVIEW_PROTOCOL_VERSION, type InitMessage } from '../../src/core/webview-messages.ts';
import { DEFAULT_THRESHOLDS } from '../../src/core/default-thresholds.ts';
import { renderHtmlReport } from '../../src/report/html-report.ts';
import type { WebviewAssets } from '../../src/report/webview-assets.ts';
import { buildPanel, PROJECT_ROOT } from './build-panel.ts';
import { launchChromium } from './chromium.ts';
import {
  assertChartsDrawn,
  assertNoProblems,
  chartInk,
  openReportFile,
  openWebviewPanel,
  postedMessages,
  sendToPanel,
  type PageProblems,
} from './panel-page.ts';
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

async function tableRows(page: Page): Promise<Array<{ layer: string; badge: string; severity: string }>> {
  return page.$$eval('.layer-table tbody tr', (rows) =>
    rows.map((row) => {
      const badge = row.querySelector('.badge')!;
      return {
        layer: (row as HTMLElement).dataset.layer!,
        badge: badge.textContent!.trim(),
        severity: Array.from(badge.classList).find((name) => name.startsWith('severity-')) ?? '',
      };
    }),
  );
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
    const init: InitMessage = {
      type: 'init',
      protocol: WEBVIEW_PROTOCOL_VERSION,
      run: { id: runId, title: 'dying-relu-high-lr.js' },
      events,
      findings: [finding],
    };
    await sendToPanel(page, init);
    await page.waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length > 0);
    await page.waitForTimeout(200);
    await assertChartsDrawn(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-dark.png'), fullPage: true });
  });

  test('the header tells the script, backend, steps and outcome; Stop is off once finished', async () => {
    assert.equal(await page.textContent('.run-title'), 'dying-relu-high-lr.js');
    assert.match(
      (await page.textContent('.run-facts'))!,
      /^wasm · step 192 · [\d.]+ steps\/s · elapsed 1 s · loss [\d.]+$/,
    );
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
    assert.deepEqual(revealOf('dense_Dense2'), {
      type: 'reveal',
      requestId: undefined,
      file: '/work/main/examples/dying-relu-high-lr.js',
      line: 10,
      column: 13,
    });
    assert.equal(
      new Set(reveals.map((message) => 'requestId' in message && message.requestId)).size,
      2,
      'each request has its own id',
    );
    await page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('#chart-units select')?.value === 'dense_Dense1',
    );
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
    await sendToPanel(page, {
      type: 'init',
      protocol: WEBVIEW_PROTOCOL_VERSION,
      run: { id: 'next-run', title: 'next.js' },
      events: smaller,
      findings: [],
    });
    await page
      .waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length === 2, undefined, {
        timeout: 5000,
      })
      .catch(() => undefined);
    assert.deepEqual(
      (await tableRows(page)).map((row) => row.layer),
      ['dense_Dense1', 'dense_Dense2'],
    );
  });

  after(() => page?.close());
});

describe('the HTML report', () => {
  let page: Page;
  let problems: PageProblems;
  let folder: string;
  let requested: string[];
  let blocked: string[];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'actlens-report-'));
    const file = path.join(folder, 'report.html');
    writeFileSync(
      file,
      renderHtmlReport(
        { events, findings: [finding], title: 'ActLens — dying-relu-high-lr.js', thresholds: DEFAULT_THRESHOLDS },
        assets,
      ),
    );
    ({ page, problems, requested, blocked } = await openReportFile(browser, file));
    await page.waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length > 0);
    await page.waitForTimeout(200);
  });

  test('draws every chart from the embedded run, offline, without CSP violations', async () => {
    await assertChartsDrawn(page);
    assert.deepEqual(blocked, [], 'the report tried to reach the network');
    assert.ok(
      requested.every((url) => url.startsWith('file:')),
      requested.join('\n'),
    );
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
