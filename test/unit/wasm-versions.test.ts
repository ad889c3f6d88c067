/** The wasm backend is used and suggested only for tfjs versions it trains with, in versions npm has. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestedWasmFor3x, wasmTrainsWith } from '../../src/runner/wasm-versions.ts';

test('the wasm backend trains from tfjs 3.2.0 on', () => {
  for (const version of ['1.7.4', '2.8.6', '3.0.0', '3.1.0']) assert.equal(wasmTrainsWith(version), false, version);
  for (const version of ['3.2.0', '3.18.0', '4.0.0', '4.22.0']) assert.equal(wasmTrainsWith(version), true, version);
});

test('a 3.x wasm backend is suggested only where one was published and trains', () => {
  assert.equal(suggestedWasmFor3x('3.18.0'), '3.18.0');
  assert.equal(suggestedWasmFor3x('3.2.0'), '3.2.0');
  assert.equal(suggestedWasmFor3x('3.21.0'), '3.21.0');
  assert.equal(suggestedWasmFor3x('3.5.0'), null, 'no tfjs-backend-wasm 3.5.0 exists');
  assert.equal(suggestedWasmFor3x('3.1.0'), null, 'exists, but trains to wrong losses');
  assert.equal(suggestedWasmFor3x('1.7.4'), null);
  assert.equal(suggestedWasmFor3x('4.22.0'), null, 'tfjs 4 runs on ActLens’s own');
});
