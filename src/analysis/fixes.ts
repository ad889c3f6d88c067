/**
 * The ranked fixes each finding offers, as data the quick-fix code applies. The order of the source edits
 * follows AUTOTRAINER's repair results (Zhang et al., ICSE 2021): for dying ReLUs SELU repaired most cases,
 * then a better initialiser, LeakyReLU, batch normalisation; for vanishing gradients ReLU with He
 * initialisation, then SELU, then batch normalisation. Fixes that would change nothing for the layer at hand
 * (it already uses that activation or initialiser, it has no kernel to configure, …) are left out.
 */
import type { LayerEvent } from '../core/events.ts';
import type { Fix } from '../core/findings.ts';
import { LEAKY_RELU_ALPHA } from '../core/activations.ts';
import { adviceFix, editFix } from '../core/fix-builders.ts';
import type { ModelLayout } from '../core/model-layout.ts';

/** The layer a finding is about, with the neighbours that decide which fixes make sense. */
export interface FixTarget {
  layer: LayerEvent | undefined;
  /** The next layer in model order, if any. */
  next: LayerEvent | undefined;
  /** Output layers keep their activation: it belongs to the loss (softmax, sigmoid for binary labels, …). */
  isOutput: boolean;
}

export function fixTarget(layout: ModelLayout, name: string): FixTarget {
  return { layer: layout.layer(name), next: layout.following(name)[0], isOutput: layout.isOutput(name) };
}

/** tfjs's kernel initialiser when a layer names none. */
const TFJS_DEFAULT_INITIALIZER = 'glorotUniform';
const NORMALIZATION_LAYERS = new Set(['BatchNormalization', 'LayerNormalization']);

const swapToSelu = (why: string): Fix =>
  editFix({ action: 'swap-activation', to: 'selu', kernelInitializer: 'leCunNormal' }, why);
const swapToRelu = (why: string): Fix =>
  editFix({ action: 'swap-activation', to: 'relu', kernelInitializer: 'heNormal' }, why);
const setInitializer = (value: 'heNormal' | 'leCunNormal' | 'glorotUniform', why: string): Fix =>
  editFix({ action: 'set-option', option: 'kernelInitializer', value }, why);
const insertBatchNorm = (why: string): Fix =>
  editFix({ action: 'insert-layer-after', layer: 'batchNormalization' }, why);

const lowerLearningRate = (why: string): Fix => adviceFix('Lower the learning rate', why);
const standardiseInputs = (why: string): Fix => adviceFix('Standardise the inputs to mean 0, variance 1', why);

export function deadUnitsFixes(target: FixTarget, diedDuringTraining: boolean): Fix[] {
  return applicable(target, [
    swapToSelu(
      'SELU has a non-zero slope for negative inputs, so no unit can stop receiving gradient; with leCunNormal weights it also keeps activations at mean 0 / variance 1. It repaired the most dying-ReLU cases in AUTOTRAINER.',
    ),
    setInitializer(
      'heNormal',
      'He initialisation (variance 2/fan-in) is sized for ReLU, so fewer units start out with an input that is negative for every sample.',
    ),
    editFix(
      { action: 'insert-activation-layer', layer: 'leakyReLU', alpha: LEAKY_RELU_ALPHA },
      `LeakyReLU lets ${LEAKY_RELU_ALPHA * 100}% of the gradient through for negative inputs, so a silent unit can still learn its way back. (tfjs's default alpha of 0.3 is far from "leaky"; ${LEAKY_RELU_ALPHA} is the usual choice.)`,
    ),
    insertBatchNorm(
      'Normalising activations between layers keeps pre-activations centred, so fewer units are pushed to an input that is negative for every sample.',
    ),
    ...(diedDuringTraining
      ? [
          lowerLearningRate(
            'These units were active earlier and died during training: an update too large pushed their inputs below zero for every sample, and a dead ReLU gets no gradient to come back. A smaller step (e.g. a tenth) makes that less likely.',
          ),
        ]
      : []),
  ]);
}

export function vanishingFixes(target: FixTarget): Fix[] {
  return applicable(target, [
    swapToRelu(
      "ReLU's derivative is 1 for every positive input, where sigmoid's is at most 0.25, so the backward signal is not shrunk at every layer; He initialisation keeps its scale from layer to layer.",
    ),
    swapToSelu(
      'SELU pulls activations towards mean 0 / variance 1 layer after layer, which keeps gradients from vanishing (or exploding); it needs leCunNormal weights.',
    ),
    insertBatchNorm(
      "Batch normalisation keeps the next layer's inputs normalised, so pre-activations stay where derivatives are large.",
    ),
  ]);
}

export function explodingFixes(target: FixTarget): Fix[] {
  return applicable(target, [
    lowerLearningRate(
      "Each update multiplies into the next layer's inputs; a smaller step keeps weights, and with them gradients, from growing without bound.",
    ),
    insertBatchNorm(
      'Batch normalisation rescales activations every batch, so growing weights do not compound from layer to layer.',
    ),
    adviceFix(
      'Clip the gradients before applying them',
      'In a custom training loop, tf.clipByValue (or rescaling by the global norm) caps each update however large the raw gradient gets.',
    ),
  ]);
}

export function nonFiniteFixes(): Fix[] {
  return [
    lowerLearningRate(
      'The most common cause of NaN is updates that grew until they overflowed; a smaller step avoids it.',
    ),
    adviceFix(
      'Check the inputs and the loss for NaN, log(0) or division by zero',
      'A NaN in the data or an undefined operation in a custom loss produces NaN without any gradient growth.',
    ),
  ];
}

export function seluDriftFixes(target: FixTarget, dropoutAfter: LayerEvent | undefined): Fix[] {
  return applicable(target, [
    setInitializer(
      'leCunNormal',
      "SELU's fixed point assumes weights with variance 1/fan-in — leCunNormal; Glorot or He weights start the layer away from it.",
    ),
    ...(dropoutAfter
      ? [
          adviceFix(
            `Replace ${dropoutAfter.name} (Dropout) with tf.layers.alphaDropout`,
            "Plain dropout sets values to 0, which moves the mean and variance; alphaDropout drops to SELU's negative saturation value and rescales, keeping mean 0 / variance 1.",
          ),
        ]
      : []),
    standardiseInputs("SELU self-normalises only if the network's inputs already have mean 0 and variance 1."),
  ]);
}

export function driftFixes(target: FixTarget): Fix[] {
  return applicable(target, [
    insertBatchNorm(
      "Batch normalisation hands the next layer inputs with a steady mean and variance, whatever this layer's output does.",
    ),
  ]);
}

export function saturationFixes(target: FixTarget): Fix[] {
  return applicable(target, [
    swapToRelu('ReLU does not saturate for positive inputs: its derivative stays 1 however large the input gets.'),
    setInitializer(
      'glorotUniform',
      'Weights too large for sigmoid/tanh push pre-activations beyond ±5 from the start; Glorot initialisation is sized for saturating activations.',
    ),
    standardiseInputs('Large input values push pre-activations into the flat region from the first layer on.'),
  ]);
}

/** Drops the fixes that cannot apply to, or would not change, the target layer. */
function applicable(target: FixTarget, fixes: Fix[]): Fix[] {
  const { layer } = target;
  const hasKernel = layer?.weights.some((weight) => weight.name === 'kernel') ?? false;
  const initializer = layer?.config.kernelInitializer ?? TFJS_DEFAULT_INITIALIZER;
  return fixes.filter((fix) => {
    switch (fix.action) {
      case 'swap-activation':
        return (
          hasKernel &&
          !target.isOutput &&
          !(layer?.activation === fix.to && sameFamily(initializer, fix.kernelInitializer))
        );
      case 'set-option':
        return hasKernel && !(fix.option === 'kernelInitializer' && sameFamily(initializer, String(fix.value)));
      case 'insert-activation-layer':
        return hasKernel && !target.isOutput;
      case 'insert-layer-after':
        return (
          !NORMALIZATION_LAYERS.has(layer?.className ?? '') && !NORMALIZATION_LAYERS.has(target.next?.className ?? '')
        );
      default:
        return true;
    }
  });
}

/** heNormal and heUniform serve the same activations, as do the leCun and glorot pairs. */
function sameFamily(current: string, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const family = (name: string) => name.replace(/(Normal|Uniform)$/, '').toLowerCase();
  return family(current) === family(wanted);
}
