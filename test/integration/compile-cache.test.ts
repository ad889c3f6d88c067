/**
 * What the runner compiles (TypeScript, babel-style modules) is kept between runs (src/runner/loader/compile-cache.ts):
 * a later run of the same text runs what was kept, without esbuild; an edited file is compiled again.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from './cli-harness.ts';

function compiledFolder(cacheHome: string): string {
  return path.join(cacheHome, 'actlens', 'compiled');
}

async function run(script: string, cacheHome: string): Promise<string> {
  const result = await runCli(['run', script], { env: { XDG_CACHE_HOME: cacheHome }, withJson: false });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

test('a compiled script is kept, the next run runs what was kept, and an edited script is compiled again', async () => {
  const cacheHome = tempDir('actlens-cache-');
  const script = path.join(tempDir(), 'typed.ts');
  writeFileSync(script, 'const value: number = 1;\nconsole.log(`value ${value}`);\n');
  assert.match(await run(script, cacheHome), /^value 1$/m);
  const [entry, ...others] = readdirSync(compiledFolder(cacheHome));
  assert.deepEqual(others, []);
  // Proof that the next run takes the kept file rather than compiling: what it prints comes from the cache.
  const kept = path.join(compiledFolder(cacheHome), entry!);
  writeFileSync(kept, readFileSync(kept, 'utf8').replace('`value ${value}`', '"value from the cache"'));
  assert.match(await run(script, cacheHome), /^value from the cache$/m);
  writeFileSync(script, 'const value: number = 2;\nconsole.log(`value ${value}`);\n');
  assert.match(await run(script, cacheHome), /^value 2$/m);
  assert.equal(readdirSync(compiledFolder(cacheHome)).length, 2);
});

test("ES modules compiled on Node's loader thread are kept too, and found there by the next run", async () => {
  const cacheHome = tempDir('actlens-cache-');
  const folder = tempDir();
  writeFileSync(path.join(folder, 'helper.ts'), 'export const answer: number = 42;\n');
  writeFileSync(
    path.join(folder, 'main.mts'),
    "import { answer } from './helper.ts';\nconsole.log(`answer ${answer}`);\n",
  );
  const script = path.join(folder, 'main.mts');
  assert.match(await run(script, cacheHome), /^answer 42$/m);
  const written = readdirSync(compiledFolder(cacheHome)).sort();
  assert.equal(written.length, 2, 'one entry per file');
  assert.match(await run(script, cacheHome), /^answer 42$/m);
  assert.deepEqual(readdirSync(compiledFolder(cacheHome)).sort(), written);
});

test('a cache folder that cannot be made costs nothing but the cache', async () => {
  const script = path.join(tempDir(), 'typed.ts');
  writeFileSync(script, 'const value: number = 3;\nconsole.log(`value ${value}`);\n');
  assert.match(await run(script, '/proc/actlens-no-such-folder'), /^value 3$/m);
});
