/**
 * What the baseline's first run tells about the comparison besides its metric: which layers the target
 * selects (for the title and the baseline's name) and the loss of a model that learnt nothing (ln k for a
 * classifier, the targets' variance for a regression).
 */
import * as path from 'node:path';
import type { LayerEvent, ModelEvent, TargetsEvent } from '../core/events.ts';
import { formatNumber } from '../core/format.ts';
import type { CompareResult } from '../core/compare/comparison-schema.ts';
import { higherIsBetter, type Metric } from '../core/compare/final-metric.ts';
import { isReluFamily } from '../core/activations.ts';
import { factoryName } from '../core/model-layout.ts';
import type { LayerTarget } from './compare-runs.ts';

/** The layers the target selects, in model order. */
export function targetedLayers(layers: readonly LayerEvent[], script: string, target: LayerTarget): LayerEvent[] {
  return layers.filter((layer) =>
    'line' in target
      ? layer.source?.line === target.line && layer.source.file === script
      : 'name' in target
        ? layer.name === target.name
        : isReluFamily(layer.activation),
  );
}

/**
 * "train.js:9 (dense #2)": file, line, and the layer's kind numbered among the model's layers of that kind;
 * "3 ReLU-family layers of train.js" for several.
 */
export function targetLabel(layers: readonly LayerEvent[], script: string, target: LayerTarget): string {
  const file = path.basename(script);
  const chosen = targetedLayers(layers, script, target);
  const only = chosen.length === 1 ? chosen[0]! : null;
  if (!only) {
    if ('allRelu' in target) return `${chosen.length > 0 ? chosen.length : 'all'} ReLU-family layers of ${file}`;
    return 'line' in target ? `${file}:${target.line}` : `${file}, layer ${target.name}`;
  }
  const sameKind = layers.filter((layer) => layer.className === only.className);
  const kind = `${factoryName(only.className)} #${sameKind.indexOf(only) + 1}`;
  return only.source
    ? `${path.basename(only.source.file)}:${only.source.line} (${kind})`
    : `${file}, ${only.name} (${kind})`;
}

/** tfjs's string names for the mean squared error (`compile({ loss })` accepts the first; the others are its aliases). */
const MSE_NAMES = new Set(['meanSquaredError', 'mse', 'MSE', 'mean_squared_error']);
/** The cross-entropies ln k and ln 2 are the chance levels of. */
const CROSS_ENTROPY_NAMES = new Set([
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_crossentropy',
]);

/**
 * The loss of a model that learnt nothing, for loss metrics only:
 * - ln k for a softmax output over k classes, ln 2 for one sigmoid unit: the cross-entropy of predicting the class
 *   shares uniformly. Judged from the output activation, since a softmax or sigmoid output is trained with
 *   cross-entropy in practice — unless `compile` named another loss, whose scale ln k is not.
 * - the targets' variance for a linear output trained with MSE: the error of always predicting their mean. With a
 *   squashing output (softmax, sigmoid) under MSE that mean may be out of the output's reach, so none is claimed.
 *   It is measured on all of fit's targets; for `val_loss` it stands for the held-out part's, approximately: that
 *   part's own variance, plus the squared distance of its mean from the training part's, differ by sampling only.
 * `targets` is the baseline run's `targets` event for the model whose output is `layers`' last, when it sent one.
 */
export function chanceLevel(
  layers: readonly LayerEvent[],
  metric: Metric,
  targets: TargetsEvent | null = null,
): CompareResult['chanceLevel'] {
  const output = layers.at(-1);
  if (!output || higherIsBetter(metric)) return null;
  const loss = targets?.loss ?? null;
  if (loss !== null && MSE_NAMES.has(loss))
    return (output.activation === null || output.activation === 'linear') && targets?.meanPredictorMse != null
      ? {
          value: targets.meanPredictorMse,
          label: `variance of the targets ≈ ${formatNumber(targets.meanPredictorMse)}, the MSE of predicting their mean`,
        }
      : null;
  if (output.units === null || (loss !== null && !CROSS_ENTROPY_NAMES.has(loss))) return null;
  if (output.activation === 'softmax' && output.units >= 2)
    return { value: Math.log(output.units), label: `ln ${output.units} ≈ ${Math.log(output.units).toFixed(3)}` };
  if (output.activation === 'sigmoid' && output.units === 1) return { value: Math.LN2, label: 'ln 2 ≈ 0.693' };
  return null;
}

/** The `targets` event of the model that ends in `layers`' last layer (the output chanceLevel judges), if any. */
export function outputTargets(
  layers: readonly LayerEvent[],
  models: readonly ModelEvent[],
  targets: readonly TargetsEvent[],
): TargetsEvent | null {
  const output = layers.at(-1);
  if (!output) return null;
  return (
    targets.find((event) =>
      models.some((model) => model.name === event.model && model.layers.at(-1) === output.name),
    ) ?? null
  );
}
