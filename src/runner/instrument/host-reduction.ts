/**
 * Reductions of a tensor's values in JavaScript, for backends whose tensors live in this process's memory (cpu,
 * wasm). There, reading a layer's output or a gradient costs a copy at most, while every tfjs reduction kernel costs
 * tens of microseconds of dispatch: one tight loop per statistic over the values is cheaper than cloning them for a
 * batched reduction on the backend, for small outputs by far, and no dearer for a convnet's (docs/performance.md).
 *
 * Sums run in float64 and are then rounded to float32, the precision and range a reduction on the backend has: what
 * a layer reports does not depend on where it was reduced, and a sum past float32's largest value (3.4e38) reads as
 * infinite everywhere — the outputs of a layer at that edge have blown up, whatever their exact values.
 */

/** Where one unit's values lie in a flat array: index = (outer · units + unit) · inner + position. */
export interface UnitLayout {
  units: number;
  /** Values per unit and outer index: the product of the dimensions after the unit's axis (1 for channels last). */
  inner: number;
}

export function unitLayout(shape: readonly number[], channelsFirst: boolean): UnitLayout {
  const axis = channelsFirst ? 1 : shape.length - 1;
  return { units: shape[axis] ?? 0, inner: shape.slice(axis + 1).reduce((product, size) => product * size, 1) };
}

/**
 * The sum and the sum of squares of all values, each value scaled by `scale` first (a power of two, so that scaling is
 * exact: see StepRecorder's NORM_SCALE); NaN or infinite when any value is.
 */
export function sumAndSquares(values: ArrayLike<number>, scale = 1): [sum: number, sumOfSquares: number] {
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    sum += value;
    sumOfSquares += value * value;
  }
  return [Math.fround(sum * scale), Math.fround(sumOfSquares * scale * scale)];
}

/** The sum of all values: NaN or infinite when any value is, the NaN/Inf check of an output. */
export function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return Math.fround(sum);
}

/** What one pass over a layer's output gives. */
export interface OutputTotals {
  sum: number;
  sumOfSquares: number;
  /** Values outside the region asked about, below its `low` or above its `high` (NaN is neither); 0 without one. */
  outside: number;
  /** Each unit's largest value (−Infinity for a unit with none; NaN never counts as largest); null without a layout. */
  maxima: Float64Array | null;
}

/**
 * A layer's output reduced in one pass, however many statistics it wants: inside a training step its values are
 * rarely in cache, and reading them once per statistic cost more than the arithmetic. The sums are those
 * sumAndSquares gives (the same order, the same rounding).
 *
 * `maxima`: where each unit's largest value goes, lent by a caller that observes a layer again and again and reads the
 * maxima before its next call (no new typed array between training steps: see KeptArray) — used when it has
 * `layout.units` entries, else a new array is.
 */
export function outputTotals(
  values: ArrayLike<number>,
  layout: UnitLayout | null,
  region?: { low: number; high: number },
  maxima?: Float64Array,
): OutputTotals {
  const low = region?.low ?? -Infinity;
  const high = region?.high ?? Infinity;
  const { units, inner } = layout ?? { units: 1, inner: values.length };
  if (maxima?.length !== units) maxima = new Float64Array(units);
  maxima.fill(-Infinity);
  let sum = 0;
  let sumOfSquares = 0;
  let outside = 0;
  const block = units * inner;
  if (inner === 1) {
    for (let row = 0; row < values.length; row += units)
      for (let unit = 0; unit < units; unit++) {
        const value = values[row + unit]!;
        sum += value;
        sumOfSquares += value * value;
        if (value < low || value > high) outside++;
        if (value > maxima[unit]!) maxima[unit] = value;
      }
  } else if (block > 0) {
    for (let outer = 0; outer < values.length; outer += block)
      for (let unit = 0; unit < units; unit++) {
        let max = maxima[unit]!;
        const start = outer + unit * inner;
        for (let i = start; i < start + inner; i++) {
          const value = values[i]!;
          sum += value;
          sumOfSquares += value * value;
          if (value < low || value > high) outside++;
          if (value > max) max = value;
        }
        maxima[unit] = max;
      }
  }
  return {
    sum: Math.fround(sum),
    sumOfSquares: Math.fround(sumOfSquares),
    outside,
    maxima: layout ? maxima : null,
  };
}

/** NaN and infinite values, counted: only worth a pass once a sum has come out non-finite. */
export function nonFiniteCounts(values: ArrayLike<number>): { nan: number; inf: number } {
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) nan++;
    else if (value === Infinity || value === -Infinity) inf++;
  }
  return { nan, inf };
}
