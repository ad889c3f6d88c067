/**
 * Per-layer gradient magnitudes of one window, the input of the vanishing and exploding detectors.
 *
 * The runner sends, per (layer, weight), the L2 norm of the gradient at each step. A layer's norm at a step is
 * sqrt(Σ weight norm²) — the norm of all its gradients as one vector. Its RMS is norm / sqrt(Σ sizes), the
 * root-mean-square gradient entry. RMS ≥ mean |g| (the quadratic mean bounds the arithmetic mean), so an RMS
 * below an absolute floor guarantees the mean absolute gradient is below it too: the floor is conservative.
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

/** One model's layers that received gradients in the window, input → output. */
export interface ModelGradients {
  /** Stable identity of the model across windows (see ModelLayout.groupByModel). */
  model: number;
  layers: LayerGradient[];
}

/**
 * Summarises the steps of `window` before `stopStep` (exclusive): steps whose gradients were non-finite, and
 * everything after them, say nothing about vanishing or exploding. A step where any of a layer's weights had a
 * non-finite norm is left out for that layer.
 */
export function summariseGradients(window: WindowEvent, layout: ModelLayout, stopStep: number): ModelGradients[] {
  const usableSteps = Math.max(0, Math.min(stopStep - window.fromStep, window.toStep - window.fromStep + 1));
  const sizes = new Map<string, number>();
  for (const series of window.gradients) sizes.set(series.layer, (sizes.get(series.layer) ?? 0) + series.size);

  const summaries = new Map<string, LayerGradient>();
  for (const [layer, perStep] of layerGradientNorms(window)) {
    const size = sizes.get(layer) ?? 0;
    const norms = perStep.slice(0, usableSteps).filter((norm): norm is number => norm !== null);
    if (size === 0 || norms.length === 0) continue;
    const norm = median(norms);
    summaries.set(layer, { layer, norm, rms: norm / Math.sqrt(size), steps: norms.length });
  }
  return layout
    .groupByModel(summaries.keys())
    .map(({ model, layers }) => ({ model, layers: layers.map((layer) => summaries.get(layer)!) }));
}
