import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/fixes/edits.ts';

describe('applyEdits', () => {
  it('applies edits given in any order against the original offsets', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, newText: 'E' },
        { start: 0, end: 1, newText: 'AA' },
      ]),
      'AAbcdEf',
    );
  });

  it('keeps insertions at the same offset in the order given', () => {
    assert.equal(
      applyEdits('ab', [
        { start: 1, end: 1, newText: ',' },
        { start: 1, end: 1, newText: ' x' },
      ]),
      'a, xb',
    );
  });

  it('throws on overlapping edits rather than guessing', () => {
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 0, end: 3, newText: '' },
          { start: 2, end: 4, newText: '' },
        ]),
      RangeError,
    );
  });
});
