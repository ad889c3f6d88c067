/** One size cap for static checks, whichever host asks: a huge generated file is refused at once, not parsed. */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintSource, MAX_LINT_CHARS } from '../../src/analysis/lint/index.ts';
import { mayBuildLayers } from '../../extension/lint-diagnostics.ts';

const CALL = "model.add(tf.layers.dense({ units: 4, activation: 'selu' }));\n";
const source = (chars: number) => `const tf = require('@tensorflow/tfjs');\n${CALL.repeat(chars / CALL.length)}`;

test('a source over the cap is refused in well under a second, with its size in the message', () => {
  const started = Date.now();
  assert.throws(
    () => lintSource(source(MAX_LINT_CHARS + 2 * CALL.length), 'big.js'),
    /big\.js has 1,000,\d{3} characters/,
  );
  assert.ok(Date.now() - started < 500);
});

test('the editor skips the same sources the engine refuses', () => {
  assert.equal(mayBuildLayers(source(MAX_LINT_CHARS + 2 * CALL.length)), false);
  assert.equal(mayBuildLayers(source(10 * CALL.length)), true);
});
