/**
 * Installs the compatibility corpus (test/fixtures/compat/<case>/): each case that pins packages in a lockfile
 * gets `npm ci --ignore-scripts` — exactly how a project ends up with @tensorflow/tfjs-node but no native
 * binding. A stamp of the lockfile's hash in node_modules makes the run a no-op while the lockfile is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'compat');
const STAMP = '.actlens-lockfile-sha256';

for (const entry of readdirSync(corpus, { withFileTypes: true })) {
  const folder = path.join(corpus, entry.name);
  const lockfile = path.join(folder, 'package-lock.json');
  if (!entry.isDirectory() || !existsSync(lockfile)) continue;
  const hash = createHash('sha256').update(readFileSync(lockfile)).digest('hex');
  const stamp = path.join(folder, 'node_modules', STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
  console.log(`install-compat-fixtures: npm ci in test/fixtures/compat/${entry.name}`);
  const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: folder,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`install-compat-fixtures: npm ci failed in ${folder} (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
  writeFileSync(stamp, hash);
}
