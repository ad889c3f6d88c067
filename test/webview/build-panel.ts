/**
 * Builds the panel bundle the browser tests load, with the project's own build (esbuild.config.mjs), so the
 * tests see exactly what the extension and the reports ship.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { loadWebviewAssets, type WebviewAssets } from '../../src/report/webview-assets.ts';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export function buildPanel(): WebviewAssets {
  execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  return loadWebviewAssets(path.join(PROJECT_ROOT, 'dist'));
}
