import { chromium } from 'playwright-core';
import * as path from 'node:path';
import { ensureCodeServer } from './setup-code-server.ts';
import { startCodeServer } from './code-server.ts';
import { Workbench } from './workbench.ts';
async function main() {
const install = await ensureCodeServer();
const cs = await startCodeServer({ install, vsix: '/tmp/vsix/actlens.vsix', workspaceFrom: path.resolve('examples'), logFile: path.resolve('test-results/scratch/code-server.log') });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const b = await Workbench.open(browser, cs.url, 'test-results/scratch');
  await b.openFile('dying-relu-high-lr.js');
  await b.command('ActLens: Run Training with Diagnostics');
  await b.waitForProblems((rows) => rows.some((r) => /dead/.test(r.message)), 'dead');
  await b.page.waitForTimeout(3000);
  await b.clearNotifications();
  await b.openFile('dying-relu-high-lr.js');
  await b.goTo(10, 13);
  await b.page.keyboard.press('Control+.');
  for (let i = 0; i < 12; i++) {
    console.log(i, await b.page.locator('.action-widget .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.className + '|' + r.getAttribute('aria-label'))), await b.page.locator('.monaco-editor-overlaymessage').allInnerTexts(), await b.page.evaluate(() => document.activeElement?.className));
    await b.page.waitForTimeout(400);
  }
  await b.screenshot('qf');
  await b.command('Output: Show Output Channels...').catch((e) => console.log(String(e).slice(0, 300)));
  await b.page.keyboard.type('ActLens');
  await b.page.keyboard.press('Enter');
  await b.page.waitForTimeout(1500);
  console.log((await b.page.locator('.output-view .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' '));
  await b.screenshot('output');
} finally {
  await browser.close();
  await cs.stop();
}
}
void main();
