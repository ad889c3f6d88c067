/** The script's last line on stderr, from chunks that split lines anywhere. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LastLine } from '../../src/session/last-line.ts';

test('the last line with text, across chunks, trimmed; a line without its newline yet counts', () => {
  const last = new LastLine();
  assert.equal(last.line, null);
  last.push('usage: train.js [--lr LR]\ntrain.js: err');
  assert.equal(last.line, 'train.js: err');
  last.push('or: unrecognized arguments: --lr\n\n  \n');
  assert.equal(last.line, 'train.js: error: unrecognized arguments: --lr');
});

test('a progress bar redrawn with carriage returns reads as its latest state; a huge line is cut', () => {
  const last = new LastLine();
  last.push('epoch 1 [=====     ]\repoch 1 [==========]\r\n');
  assert.equal(last.line, 'epoch 1 [==========]');
  last.push('x'.repeat(10_000));
  assert.equal(last.line!.length, 500);
});
