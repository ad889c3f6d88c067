/**
 * Per-layer figures derived from a window's raw statistics, by one rule for every reader: the detectors, the
 * terminal's table, the panel's charts and its table.
 */
import type { ActivationStats, WindowEvent } from './events.ts';

/**
 * Each layer's gradient norm at each step of the window: sqrt(Σ weight norm²), the norm of all its
 * gradients as one vector. A step where one of its weights' norms is null in the event (no gradient that step,
 * or a non-finite one) or missing is null for the layer: its norm there is not a number anyone can plot or compare.
 */
export function layerGradientNorms(window: WindowEvent): Map<string, (number | null)[]> {
  const steps = Math.max(0, window.toStep - window.fromStep + 1);
  const squares = new Map<string, (number | null)[]>();
  for (const series of window.gradients) {
    let layer = squares.get(series.layer);
    if (!layer) squares.set(series.layer, (layer = new Array<number | null>(steps).fill(0)));
    for (let step = 0; step < steps; step++) {
      const norm = series.norm[step];
      const sum = layer[step];
      layer[step] = norm === null || norm === undefined || sum === null || sum === undefined ? null : sum + norm * norm;
    }
  }
  for (const values of squares.values())
    values.forEach((sum, step) => (values[step] = sum === null ? null : Math.sqrt(sum)));
  return squares;
}

/** The share of a ReLU-family layer's units never active in the window; null when the layer reports none. */
export function deadShare(stats: Pick<ActivationStats, 'everActive'>): number | null {
  const { everActive } = stats;
  if (!everActive || everActive.length === 0) return null;
  return everActive.filter((active) => active === 0).length / everActive.length;
}

/** The standard deviation of a layer's outputs from the variance the runner reports. */
export function outputStd(stats: Pick<ActivationStats, 'variance'>): number | null {
  return stats.variance === null ? null : Math.sqrt(stats.variance);
}
