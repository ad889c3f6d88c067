/**
 * dist/cli.js starts the CLI's bundle from V8's code cache (src/cli/cached-start.ts): the first run writes it, later
 * runs use it as it is, and a cache that is damaged or cannot be kept never stops a run.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO, runCli, SCRIPTS, tempDir } from './cli-harness.ts';

const SCRIPT = path.join(SCRIPTS, 'args-and-cwd.mjs');

async function runWithCache(cacheHome: string): Promise<void> {
  const result = await runCli(['run', SCRIPT, '--', 'cached'], { env: { XDG_CACHE_HOME: cacheHome } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /args=\["cached"\] units=7/);
}

function cacheFiles(cacheHome: string): Record<string, { bytes: Buffer; modified: number }> {
  const folder = path.join(cacheHome, 'actlens', 'code-cache');
  return Object.fromEntries(
    readdirSync(folder).map((name) => {
      const file = path.join(folder, name);
      return [name, { bytes: readFileSync(file), modified: statSync(file).mtimeMs }];
    }),
  );
}

test('the first run writes the code cache; the next run uses it without rewriting it', async () => {
  const cacheHome = tempDir('actlens-cache-');
  await runWithCache(cacheHome);
  const written = cacheFiles(cacheHome);
  assert.deepEqual(
    Object.keys(written).map((name) => name.replace(/-[0-9a-f]{32}\.bin$/, '')),
    ['cli-bundle'],
  );
  await runWithCache(cacheHome);
  // V8 accepted it: a rejected cache is written again at exit.
  assert.deepEqual(cacheFiles(cacheHome), written);
});

test("the CLI's bundle has no dynamic import(), which a script made from cached code cannot run on Node 20", () => {
  assert.doesNotMatch(readFileSync(path.join(REPO, 'dist', 'cli-bundle.js'), 'utf8'), /[^\w$.]import\(/);
});

test('a damaged cache is replaced, and the run is not affected', async () => {
  const cacheHome = tempDir('actlens-cache-');
  await runWithCache(cacheHome);
  const folder = path.join(cacheHome, 'actlens', 'code-cache');
  for (const name of readdirSync(folder)) writeFileSync(path.join(folder, name), 'not V8 code');
  await runWithCache(cacheHome);
  for (const [name, { bytes }] of Object.entries(cacheFiles(cacheHome)))
    assert.notEqual(bytes.toString('latin1', 0, 11), 'not V8 code', `${name} was written again`);
});

test('a cache folder that cannot be made costs nothing but the cache (Node 20 spins on mkdir -p under /proc)', async () => {
  await runWithCache('/proc/actlens-no-such-folder');
});

test('where the cache cannot be replaced (a folder in its place), no temporary file is left behind', async () => {
  const cacheHome = tempDir('actlens-cache-');
  await runWithCache(cacheHome);
  const folder = path.join(cacheHome, 'actlens', 'code-cache');
  for (const name of readdirSync(folder)) {
    rmSync(path.join(folder, name));
    mkdirSync(path.join(folder, name));
  }
  const before = readdirSync(folder);
  await runWithCache(cacheHome);
  await runWithCache(cacheHome);
  assert.deepEqual(readdirSync(folder), before);
});
