import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_FLAGGED_UNITS, sampledUnits } from '../../src/runner/instrument/unit-sample.ts';

test('a wide layer’s sampled units: fixed, distinct, ascending, one in every stratum of the layer', () => {
  const units = 5_000_000;
  const sample = sampledUnits(units);
  assert.equal(sample.length, MAX_FLAGGED_UNITS);
  assert.deepEqual(sampledUnits(units), sample, 'the same units every time');
  const stratumStart = (index: number) => Math.floor((index * units) / MAX_FLAGGED_UNITS);
  sample.forEach((unit, index) => {
    assert.ok(Number.isInteger(unit));
    assert.ok(stratumStart(index) <= unit && unit < stratumStart(index + 1), `unit ${unit} lies in stratum ${index}`);
  });
});

test('the sample does not follow a period of the unit order, as a plain stride would', () => {
  // 8 units per stratum: a stride would pick the same residue mod 8 every time.
  const residues = new Set(sampledUnits(8 * MAX_FLAGGED_UNITS).map((unit) => unit % 8));
  assert.equal(residues.size, 8);
});
