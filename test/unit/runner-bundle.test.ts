/**
 * What dist/runner.js carries into every training process and evaluates before the script's first line. The full
 * zod with the event schemas took ~50 ms of that (docs/performance.md, "Start-up"): the runner validates its config
 * with zod's mini build and imports the event and threshold modules for their types only.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

test("the runner's bundle holds neither the full zod nor the event or threshold schemas", async () => {
  const { metafile } = await build({
    entryPoints: [path.join(ROOT, 'src/runner/main.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    outfile: 'runner.js',
    external: ['@tensorflow/*', 'esbuild', 'webgpu'],
    logLevel: 'silent',
  });
  const inputs = Object.keys(metafile.inputs);
  assert.ok(
    inputs.includes('src/runner/main.ts') && inputs.includes('src/core/runner-config.ts'),
    'the bundle was read',
  );
  assert.ok(
    inputs.some((input) => input.includes('node_modules/zod/v4/mini/')),
    'the config is checked with zod/mini',
  );
  const unwanted = inputs.filter(
    (input) =>
      input.includes('node_modules/zod/v4/classic/') ||
      ['src/core/events.ts', 'src/core/thresholds.ts'].includes(input),
  );
  assert.deepEqual(unwanted, [], 'import their constants from core/protocol.ts and core/default-thresholds.ts');
});
