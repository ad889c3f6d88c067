/**
 * Renders the extension's icon, media/icon.svg, to media/icon.png (256×256, what package.json's `icon` names:
 * the marketplace and the Extensions view take PNG only). Run it after editing the SVG and commit both:
 * `node --import tsx scripts/render-icon.ts`. Uses Debian's chromium through playwright-core.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');
const SIZE = 256;

async function main(): Promise<void> {
  const svg = readFileSync(path.join(ROOT, 'media', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        svg.replace('<svg ', `<svg style="display:block" `) +
        `</body></html>`,
    );
    await page.screenshot({ path: path.join(ROOT, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
