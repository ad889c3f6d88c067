/**
 * How long the panel takes to redraw a big run: 64 layers × 20,000 steps in Chromium, then one new window
 * at a time, as a live run sends them. The page is tall enough to show every chart at once (the panel skips
 * charts out of view), so redraws update every chart whose data changed — those one redraw's share of chart time
 * does not reach follow in the next — the heat map and the table; with 64 layers the gradient chart shows its
 * by-depth view (the default past 8 layers). Each redraw's time is the panel's own User Timing measure around
 * the render. Target: 16 ms (one frame at 60 Hz).
 *
 * `node --import tsx bench/webview-redraw.ts` prints the numbers.
 */
import {
  PANEL_RENDER_MEASURE,
  WEBVIEW_PROTOCOL_VERSION,
  type EventsMessage,
  type InitMessage,
} from '../src/core/webview-messages.ts';
import { buildPanel } from '../test/webview/build-panel.ts';
import { launchChromium } from '../test/webview/chromium.ts';
import { openWebviewPanel } from '../test/webview/panel-page.ts';
import { nextWindow, syntheticRun } from '../test/webview/synthetic-run.ts';

const LAYERS = 64;
const STEPS = 20_000;
const EVERY = 20;
const REDRAWS = 60;
/** Tall enough for the 64-row table and every chart below it. */
const VIEWPORT = { width: 1280, height: 4200 };

declare global {
  interface Window {
    renderDurations: number[];
  }
}

export async function measureWebviewRedraw(): Promise<{
  layers: number;
  steps: number;
  medianMs: number;
  p95Ms: number;
}> {
  const assets = buildPanel();
  const browser = await launchChromium();
  try {
    const { page } = await openWebviewPanel(browser, assets, VIEWPORT);
    const events = syntheticRun({ layers: LAYERS, steps: STEPS, every: EVERY });
    await page.evaluate((measure) => {
      window.renderDurations = [];
      new PerformanceObserver((list) =>
        window.renderDurations.push(...list.getEntriesByName(measure).map((entry) => entry.duration)),
      ).observe({ type: 'measure' });
    }, PANEL_RENDER_MEASURE);
    const init: InitMessage = {
      type: 'init',
      protocol: WEBVIEW_PROTOCOL_VERSION,
      run: { id: 'bench', title: 'bench' },
      events,
      findings: [],
    };
    // A JSON string crosses to the page much faster than a structured argument of this size.
    await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(init));
    await page.waitForFunction(() => window.renderDurations.length > 0, undefined, { timeout: 120_000 });

    let step = STEPS;
    for (let redraw = 0; redraw < REDRAWS; redraw += 1) {
      const seen = await page.evaluate(() => window.renderDurations.length);
      const message: EventsMessage = { type: 'events', runId: 'bench', events: [nextWindow(events, step, EVERY)] };
      step += EVERY;
      await page.evaluate((data) => window.postMessage(data, '*'), message);
      await page.waitForFunction((count) => window.renderDurations.length > count, seen);
    }
    const offscreen = await page.$$eval('.chart', (charts) =>
      charts.filter((chart) => chart.getBoundingClientRect().bottom > innerHeight).map((chart) => chart.id),
    );
    if (offscreen.length > 0) throw new Error(`charts out of view, not redrawn: ${offscreen.join(', ')}`);
    // The first render built the charts; the live redraws are what a user waits for.
    const durations = (await page.evaluate(() => window.renderDurations)).slice(1).sort((a, b) => a - b);
    return { layers: LAYERS, steps: STEPS, medianMs: percentile(durations, 0.5), p95Ms: percentile(durations, 0.95) };
  } finally {
    await browser.close();
  }
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

if (require.main === module) {
  measureWebviewRedraw().then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
