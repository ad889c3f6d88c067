import { chromium } from 'playwright-core';
import * as path from 'node:path';
import { ensureCodeServer } from './setup-code-server.ts';
import { startCodeServer } from './code-server.ts';
async function main() {
const install = await ensureCodeServer();
const t0 = Date.now();
const T = () => ((Date.now() - t0) / 1000).toFixed(1);
const cs = await startCodeServer({ install, vsix: '/tmp/vsix/actlens.vsix', workspaceFrom: path.resolve('examples'), logFile: path.resolve('test-results/e2e/code-server.log') });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(cs.url);
  await page.waitForSelector('.monaco-workbench .explorer-folders-view .monaco-list-row', { timeout: 60000 });
  console.log('workbench', T());
  await page.keyboard.press('Control+P');
  await page.keyboard.type('dying-relu-high-lr.js');
  await page.waitForSelector('.quick-input-list .monaco-list-row');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(4000);
  await page.keyboard.press('Control+Shift+M');
  await page.waitForTimeout(1000);
  console.log('problems before', await page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label'))));
  await page.keyboard.press('F1');
  await page.keyboard.type('ActLens: Run Training');
  await page.waitForTimeout(800);
  console.log('palette', await page.$$eval('.quick-input-list .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label'))));
  await page.keyboard.press('Enter');
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500);
    const sb = await page.$$eval('.statusbar-item', (items) => items.map((e) => `${e.id}|${e.getAttribute('aria-label')}|${(e as HTMLElement).innerText}`).filter((t) => /ActLens/i.test(t)));
    console.log(T(), sb);
    if (i === 4) await page.screenshot({ path: 'test-results/e2e/scratch-run.png' });
  }
  console.log('frames', page.frames().map((f) => f.url().slice(0, 150)));
  for (const f of page.frames()) { const n = await f.$$eval('.layer-table tbody tr', (r) => r.length).catch(() => -1); if (n >= 0) console.log('frame with table', n, f.url().slice(0, 100)); }
  console.log('notifications', await page.$$eval('.notification-toast', (ts) => ts.map((t) => t.getAttribute('aria-label') ?? t.textContent)));
  await page.keyboard.press('Control+Shift+M');
  await page.waitForTimeout(1000);
  console.log('problems after', await page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label'))));
  await page.screenshot({ path: 'test-results/e2e/scratch-after.png' });
  const marker = page.locator('.markers-panel .monaco-list-row', { hasText: 'dead' }).first();
  await marker.click();
  await page.waitForTimeout(500);
  await page.keyboard.press('Control+.');
  await page.waitForTimeout(1500);
  console.log('actions', await page.$$eval('.action-widget .monaco-list-row', (rows) => rows.map((r) => `${r.getAttribute('aria-label')}|${r.textContent}`)));
  await page.screenshot({ path: 'test-results/e2e/scratch-actions.png' });
} finally {
  await browser.close();
  await cs.stop();
  console.log('stopped', T());
}
}
void main();
