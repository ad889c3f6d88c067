/**
 * The bench states each ratio with the interval its pairs allow: a t interval on the pairs' log ratios, so that a
 * target such as ≤ 1.01× reads as established, or not, against the machine's scatter — and, for the rows that ask for
 * it, the plain script against itself in the same pairs: that scatter measured.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNoiseFloor, pairInterval, type OverheadRow } from '../../bench/overhead.ts';

test("the pairs' geometric mean and its 95 % t interval on the log ratios", () => {
  // Log ratios 0.01, 0.03, 0.02, 0, 0.04: mean 0.02, sd 0.0158; t(0.975, 4) = 2.776 → ±0.0196.
  const ratios = [0.01, 0.03, 0.02, 0, 0.04].map(Math.exp);
  assert.equal(pairInterval(ratios), 'mean 1.020× (95 % CI 1.000–1.040)');
});

test('pairs that agree exactly give a point; a single pair gives no interval', () => {
  assert.equal(pairInterval([1.05, 1.05, 1.05]), 'mean 1.050× (95 % CI 1.050–1.050)');
  assert.equal(pairInterval([1.05]), 'one pair, no interval');
});

test('a noise floor is stated for the rows that measured one, with its interval, and for no other', () => {
  const row = (model: string, noiseFloor: number[] | null): OverheadRow => ({
    backend: 'wasm',
    adapter: '',
    model,
    steps: 1000,
    pairs: 3,
    plainStepMs: 3,
    wall: 1,
    cpu: 1,
    steadyWall: 1,
    steadyCpu: 1,
    perPair: [1, 1, 1],
    noiseFloor,
    ownShare: 0.01,
    steadyOwnShare: 0.01,
    plainRssMb: 100,
    instrumentedRssMb: 100,
  });
  assert.deepEqual(formatNoiseFloor([row('29k MLP b32', [1.05, 1.05, 1.05]), row('LSTM 32 b32', null)]), [
    'noise floor, wasm 29k MLP b32: the plain script against itself in the same pairs (as the per-pair column), ' +
      'median 1.050, mean 1.050× (95 % CI 1.050–1.050): 1.05 1.05 1.05',
  ]);
});
