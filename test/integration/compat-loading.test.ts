/**
 * The compatibility corpus, loading half: scripts in the styles real examples are written in run unmodified,
 * with Node's own semantics (require.main, __dirname, import.meta, CommonJS/ESM interop) file by file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO, runCli, type CliResult } from './cli-harness.ts';

const COMPAT = path.join(REPO, 'test', 'fixtures', 'compat');

function corpus(file: string): string {
  return path.join(COMPAT, file);
}

/** The file:line of every layer in the report, relative to the corpus folder. */
function layerSites(result: CliResult): string[] {
  return (result.report?.layers ?? []).map(
    (layer) => `${path.relative(COMPAT, layer.source?.file ?? '?')}:${layer.source?.line}`,
  );
}

test("require.main === module is true for the entry file only, and __dirname is each file's own folder", async () => {
  const result = await runCli(['run', corpus('main-guard/train.js')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /trained on 64 rows; model\.js thinks it is main: false/);
  assert.ok(result.report!.steps > 0, 'the guarded main() trained');
  assert.deepEqual(layerSites(result), ['main-guard/model.js:7', 'main-guard/model.js:8']);
  assert.equal(result.report!.outcome.status, 'completed');
});

// The ES-module hooks start only when a user file may need them: these files give the loader no other sign.
for (const entry of ['dynamic-import.js', 'require-esm.js'])
  test(`a CommonJS entry's layers built in an ES module it reaches are watched: ${entry}`, async () => {
    const result = await runCli(['run', corpus(`cjs-reaches-esm/${entry}`)]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /trained a model from model\.mjs/);
    assert.deepEqual(layerSites(result), ['cjs-reaches-esm/model.mjs:6', 'cjs-reaches-esm/model.mjs:7']);
    assert.ok(result.report!.steps > 0);
    // Layers are seen through their prototype whatever tfjs built them; the optimizer only through the tfjs the
    // hooks hand model.mjs.
    const events = readFileSync(path.join(result.report!.runDir, 'events.jsonl'), 'utf8').split('\n');
    const optimizer = JSON.parse(events.find((line) => line.includes('"type":"optimizer"'))!);
    assert.equal(optimizer.builtBy, 'factory');
    assert.equal(
      `${path.relative(COMPAT, optimizer.source.file)}:${optimizer.source.line}`,
      'cjs-reaches-esm/model.mjs:8',
    );
  });

test('a babel-style module (import beside require, module and __dirname) runs as babel-node runs it', async () => {
  const result = await runCli(['run', corpus('babel-style/train.js')]);
  assert.equal(result.code, 0, result.stderr);
  // Named imports from a CommonJS file Node cannot list, a JSON default import, __dirname and the main guard.
  assert.match(result.stdout, /trained 64×4 in babel-style; main: true/);
  assert.ok(result.report!.steps > 0);
  assert.deepEqual(layerSites(result), ['babel-style/train.js:13', 'babel-style/train.js:14']);
});

test('a named import Node refuses fails in one line at the import, with the fix', async () => {
  const result = await runCli(['run', corpus('esm-named-cjs-import/train.mjs')]);
  assert.equal(result.code, 3);
  const errorLines = result.stderr.split('\n').filter((line) => /describeShape/.test(line));
  assert.equal(errorLines.length, 1, result.stderr);
  assert.match(errorLines[0]!, /train\.mjs:3:10: .*'\.\/lib\.cjs' does not provide an export named 'describeShape'/);
  assert.match(errorLines[0]!, /import pkg from '\.\/lib\.cjs'; const \{ describeShape \} = pkg;/);
  assert.deepEqual(result.report?.outcome.location, {
    file: corpus('esm-named-cjs-import/train.mjs'),
    line: 3,
    column: 10,
  });
});

test('an ES module sees its own import.meta.url as the main program, with its arguments', async () => {
  const result = await runCli(['run', corpus('esm-main-check/train.mjs'), '--', '--flag', 'value']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /main module check passed; args: --flag value/);
  assert.ok(result.report!.steps > 0);
  assert.deepEqual(layerSites(result), [
    'esm-main-check/train.mjs:16',
    'esm-main-check/train.mjs:17',
    'esm-main-check/train.mjs:17',
    'esm-main-check/train.mjs:18',
  ]);
});

test('TypeScript in a "type": "module" package imports ./model.js for model.ts, as tsc has it', async () => {
  const result = await runCli(['run', corpus('typescript-esm/train.ts')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /trained; this file is train\.ts/);
  assert.ok(result.report!.steps > 0);
  assert.deepEqual(layerSites(result), ['typescript-esm/model.ts:10', 'typescript-esm/model.ts:11']);
});
