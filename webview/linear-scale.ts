/** A shared value axis for plots drawn by hand on canvas: padded bounds and round tick values. */

export interface LinearScale {
  min: number;
  max: number;
  /** Round values inside [min, max], a handful, for grid lines and labels. */
  ticks: number[];
  /** Where `value` falls on a plot `width` pixels wide. */
  toX(value: number, width: number): number;
}

/** A little room either side, so that no dot sits on the plot's edge. */
const PADDING = 0.05;

export function linearScale(values: readonly number[], maxTicks = 6): LinearScale {
  const low = Math.min(...values);
  const high = Math.max(...values);
  // Equal values still need a span: a share of their size, or 1 around zero.
  const pad = (high - low) * PADDING || Math.abs(low) * PADDING || 1;
  const min = low - pad;
  const max = high + pad;
  const step = roundStep((max - min) / maxTicks);
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { min, max, ticks, toX: (value, width) => ((value - min) / (max - min)) * width };
}

/** The smallest 1, 2 or 5 × 10ⁿ at least `rough`. */
function roundStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((candidate) => candidate * power >= rough)!;
  return multiple * power;
}
