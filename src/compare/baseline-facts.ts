/**
 * What the baseline's first run tells about the comparison besides its metric: which layers the target
 * selects (for the title and the baseline's name) and the loss of a model that learnt nothing.
 */
import * as path from 'node:path';
import type { LayerEvent } from '../core/events.ts';
import type { CompareResult } from '../core/compare/comparison-schema.ts';
import { higherIsBetter, type Metric } from '../core/compare/final-metric.ts';
import { isReluFamily } from '../core/activations.ts';
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
  const kind = `${only.className.toLowerCase()} #${sameKind.indexOf(only) + 1}`;
  return only.source
    ? `${path.basename(only.source.file)}:${only.source.line} (${kind})`
    : `${file}, ${only.name} (${kind})`;
}

/**
 * ln k for a softmax output over k classes, ln 2 for one sigmoid unit: the cross-entropy of predicting the
 * class shares uniformly. Only for loss metrics, and only from the output activation, since the events do not
 * name the loss function: a softmax or sigmoid output is trained with cross-entropy in practice.
 */
export function chanceLevel(layers: readonly LayerEvent[], metric: Metric): CompareResult['chanceLevel'] {
  const output = layers.at(-1);
  if (!output || higherIsBetter(metric) || output.units === null) return null;
  if (output.activation === 'softmax' && output.units >= 2)
    return { value: Math.log(output.units), label: `ln ${output.units} ≈ ${Math.log(output.units).toFixed(3)}` };
  if (output.activation === 'sigmoid' && output.units === 1) return { value: Math.LN2, label: 'ln 2 ≈ 0.693' };
  return null;
}
