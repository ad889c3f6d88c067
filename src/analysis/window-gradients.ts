/**
 * Per-layer gradient magnitudes of one window, the input of the vanishing and exploding detectors.
 *
 * The runner sends, per (layer, weight), the L2 norm of the gradient at each step. A layer's norm at a step is
 * sqrt(Σ weight norm²) — the norm of all its gradients as one vector. Its RMS is norm / sqrt(Σ sizes), the
 * root-mean-square gradient entry. RMS ≥ mean |g| (the quadratic mean bounds the arithmetic mean), so an RMS
 * below an absolute floor guarantees the mean absolute gradient is below it too: the floor is conservative.
 *
 * A null norm is a step where the weight received no gradient: another optimizer (or another variable list)
 * updated other weights at that step, as in a GAN or actor-critic loop. Non-finite gradients arrive as
 * `nonFinite` records, and the caller stops at the first one.
 */
import type { WindowEvent } from '../core/events.ts';
import { layerGradientNorms } from '../core/layer-statistics.ts';
import type { ModelLayout } from '../core/model-layout.ts';
import { median } from './stats.ts';

export interface LayerGradient {
  layer: string;
  /** Median over the window's usable steps of the layer's gradient norm. */
  norm: number;
  /** norm / sqrt(number of gradient entries). */
  rms: number;
  /** Steps the median was taken over. */
  steps: number;
}

/**
 * Layers of one model that were updated together — at the same steps of the window — input → output. A model
 * trained by one optimizer is one group; the generator and discriminator layers of a combined GAN model, updated
 * in turn by two optimizers, are two, each compared only with its own output layer.
 */
export interface ModelGradients {
  /** Stable identity across windows: the model (see ModelLayout.groupByModel) and the group's input-most layer. */
  key: string;
  layers: LayerGradient[];
}

/**
 * Summarises the steps of `window` before `stopStep` (exclusive): steps whose gradients were non-finite, and
 * everything after them, say nothing about vanishing or exploding. A step where a layer received no gradient
 * is left out of its median.
 */
export function summariseGradients(window: WindowEvent, layout: ModelLayout, stopStep: number): ModelGradients[] {
  const usableSteps = Math.max(0, Math.min(stopStep - window.fromStep, window.toStep - window.fromStep + 1));
  const sizes = new Map<string, number>();
  for (const series of window.gradients) sizes.set(series.layer, (sizes.get(series.layer) ?? 0) + series.size);

  const summaries = new Map<string, LayerGradient>();
  const updatedAt = new Map<string, string>();
  for (const [layer, perStep] of layerGradientNorms(window)) {
    const size = sizes.get(layer) ?? 0;
    const usable = perStep.slice(0, usableSteps);
    const norms = usable.filter((norm): norm is number => norm !== null);
    if (size === 0 || norms.length === 0) continue;
    const norm = median(norms);
    summaries.set(layer, { layer, norm, rms: norm / Math.sqrt(size), steps: norms.length });
    updatedAt.set(layer, usable.map((norm) => (norm === null ? '-' : 'x')).join(''));
  }
  return layout.groupByModel(summaries.keys()).flatMap(({ model, layers }) =>
    splitBy(layers, (layer) => updatedAt.get(layer)!).map((group) => ({
      key: `${model}:${group[0]!}`,
      layers: group.map((layer) => summaries.get(layer)!),
    })),
  );
}

/** `items` split into runs of equal `keyOf`, each keeping the order of `items`; groups ordered by first item. */
function splitBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}
