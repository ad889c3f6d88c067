/**
 * The bench states each ratio with the interval its pairs allow: a t interval on the pairs' log ratios, so that a
 * target such as ≤ 1.01× reads as established, or not, against the machine's scatter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairInterval } from '../../bench/overhead.ts';

test("the pairs' geometric mean and its 95 % t interval on the log ratios", () => {
  // Log ratios 0.01, 0.03, 0.02, 0, 0.04: mean 0.02, sd 0.0158; t(0.975, 4) = 2.776 → ±0.0196.
  const ratios = [0.01, 0.03, 0.02, 0, 0.04].map(Math.exp);
  assert.equal(pairInterval(ratios), 'mean 1.020× (95 % CI 1.000–1.040)');
});

test('pairs that agree exactly give a point; a single pair gives no interval', () => {
  assert.equal(pairInterval([1.05, 1.05, 1.05]), 'mean 1.050× (95 % CI 1.050–1.050)');
  assert.equal(pairInterval([1.05]), 'one pair, no interval');
});
