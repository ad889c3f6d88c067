/**
 * outputTotals reduces a layer's output in one pass: the same sums as sumAndSquares, the values outside a region, and
 * per-unit maxima wherever the unit's axis lies — each checked against a plain computation of that statistic alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputTotals, sumAndSquares, unitLayout } from '../../src/runner/instrument/host-reduction.ts';

/** Deterministic values in [-2, 2), with a few exact zeros and ties. */
function values(size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = i % 7 === 0 ? 0 : Math.fround(((i * 2654435761) % 4096) / 1024 - 2);
  return out;
}

/** Each unit's maximum, by the index formula (outer · units + unit) · inner + position. */
function plainMaxima(data: Float32Array, units: number, inner: number): number[] {
  const maxima = new Array<number>(units).fill(-Infinity);
  for (let i = 0; i < data.length; i++) {
    const unit = Math.floor(i / inner) % units;
    if (data[i]! > maxima[unit]!) maxima[unit] = data[i]!;
  }
  return maxima;
}

for (const { shape, channelsFirst } of [
  { shape: [32, 128], channelsFirst: false },
  { shape: [4, 6, 6, 8], channelsFirst: false },
  { shape: [4, 8, 6, 6], channelsFirst: true },
]) {
  test(`one pass gives what each statistic alone gives: [${shape}]${channelsFirst ? ', channels first' : ''}`, () => {
    const data = values(shape.reduce((a, b) => a * b, 1));
    const layout = unitLayout(shape, channelsFirst);
    const region = { low: -1.5, high: 1.5 };
    const totals = outputTotals(data, layout, region);
    const [sum, sumOfSquares] = sumAndSquares(data);
    assert.equal(totals.sum, sum);
    assert.equal(totals.sumOfSquares, sumOfSquares);
    assert.equal(totals.outside, data.filter((value) => value < region.low || value > region.high).length);
    assert.deepEqual([...totals.maxima!], plainMaxima(data, layout.units, layout.inner));
  });
}

test('without a layout no maxima, without a region nothing outside; NaN makes the sums NaN and is never a maximum', () => {
  const data = Float32Array.of(1, NaN, -3, 2);
  const plain = outputTotals(data, null);
  assert.equal(plain.maxima, null);
  assert.equal(plain.outside, 0);
  assert.ok(Number.isNaN(plain.sum) && Number.isNaN(plain.sumOfSquares));
  const perUnit = outputTotals(data, { units: 2, inner: 1 }, { low: -1, high: 1 });
  assert.deepEqual([...perUnit.maxima!], [1, 2]);
  assert.equal(perUnit.outside, 2, '-3 and 2, not NaN');
  assert.deepEqual(outputTotals(new Float32Array(0), null), { sum: 0, sumOfSquares: 0, outside: 0, maxima: null });
});

test('maxima go into the buffer the caller lends, whatever it held, when it has one entry per unit; else into a new one', () => {
  const data = Float32Array.of(-1, 5, -2, 3, -4, -6);
  const layout = { units: 2, inner: 1 };
  const lent = Float64Array.of(99, 99);
  const totals = outputTotals(data, layout, undefined, lent);
  assert.equal(totals.maxima, lent);
  assert.deepEqual([...lent], [-1, 5]);
  const again = outputTotals(Float32Array.of(-7, -8), layout, undefined, lent);
  assert.equal(again.maxima, lent);
  assert.deepEqual([...lent], [-7, -8], 'the last call’s maxima, none carried over');
  const tooShort = new Float64Array(1);
  const fresh = outputTotals(data, layout, undefined, tooShort);
  assert.notEqual(fresh.maxima, tooShort);
  assert.deepEqual([...fresh.maxima!], [-1, 5]);
  assert.deepEqual([...tooShort], [0], 'a buffer of the wrong length is left as it was');
});
