/**
 * The ranked fixes each finding offers, as data the quick-fix code applies. Each detector lists the fixes for
 * its symptom; the cause attribution (attribution.ts) puts the fix for the cause it finds in front of them
 * (`causeFixes`). The order of the symptom fixes follows AUTOTRAINER's repair results (Zhang et al., ICSE
 * 2021): for dying ReLUs SELU repaired most cases, then a better initialiser, LeakyReLU, batch normalisation;
 * for vanishing gradients ReLU with He initialisation, then SELU, then batch normalisation. Fixes that would
 * change nothing for the layer at hand (it already uses that activation or initialiser, it has no kernel to
 * configure, …) are left out.
 */
import type { CauseId } from '../core/causes.ts';
import type { LayerEvent, OptimizerEvent } from '../core/events.ts';
import type { Fix } from '../core/findings.ts';
import { LEAKY_RELU_ALPHA } from '../core/activations.ts';
import { adviceFix, editFix } from '../core/fix-builders.ts';
import { formatNumber } from '../core/format.ts';
import type { ModelLayout } from '../core/model-layout.ts';

/** The layer a finding is about, with the neighbours that decide which fixes make sense. */
export interface FixTarget {
  layer: LayerEvent | undefined;
  /** The next layer in model order, if any. */
  next: LayerEvent | undefined;
  /** A plain Dropout between this layer and the next layer with weights (what breaks a SELU net). */
  dropoutAfter: LayerEvent | undefined;
  /** Output layers keep their activation: it belongs to the loss (softmax, sigmoid for binary labels, …). */
  isOutput: boolean;
}

export function fixTarget(layout: ModelLayout, name: string): FixTarget {
  const following = layout.following(name);
  return {
    layer: layout.layer(name),
    next: following[0],
    dropoutAfter: plainDropoutAfter(following),
    isOutput: layout.isOutput(name),
  };
}

/** The first plain Dropout among `following` before a layer with weights. */
function plainDropoutAfter(following: LayerEvent[]): LayerEvent | undefined {
  for (const next of following) {
    if (next.className === 'Dropout') return next;
    if (next.weights.length > 0) return undefined;
  }
  return undefined;
}

/** tfjs's kernel initialiser when a layer names none. */
const TFJS_DEFAULT_INITIALIZER = 'glorotUniform';
const NORMALIZATION_LAYERS = new Set(['BatchNormalization', 'LayerNormalization']);

const swapToSelu = (why: string): Fix =>
  editFix({ action: 'swap-activation', to: 'selu', kernelInitializer: 'leCunNormal' }, why);
const swapToRelu = (why: string, treats?: CauseId): Fix =>
  editFix({ action: 'swap-activation', to: 'relu', kernelInitializer: 'heNormal' }, why, treats);
const setInitializer = (value: 'heNormal' | 'leCunNormal' | 'glorotUniform', why: string, treats?: CauseId): Fix =>
  editFix({ action: 'set-option', option: 'kernelInitializer', value }, why, treats);
const insertBatchNorm = (why: string): Fix =>
  editFix({ action: 'insert-layer-after', layer: 'batchNormalization' }, why);

const standardiseInputs = (why: string, treats?: CauseId): Fix =>
  adviceFix('Standardise the inputs to mean 0, variance 1', why, treats);

/** A tenth of the current learning rate, to one significant digit: 0.6 → 0.06, 0.25 → 0.03. */
export function suggestedLearningRate(current: number): number {
  return Number((current / 10).toPrecision(1));
}

/**
 * Lower the learning rate where the optimizer is built: an edit of that line when the runner saw where and at
 * what rate, else advice.
 */
export function lowerLearningRate(optimizer: OptimizerEvent | undefined, why: string): Fix {
  const rate = optimizer?.learningRate ?? null;
  if (optimizer?.source && rate !== null && rate > 0)
    return editFix(
      {
        action: 'set-learning-rate',
        at: optimizer.source,
        optimizer: optimizerName(optimizer.className),
        from: rate,
        to: suggestedLearningRate(rate),
      },
      why,
      'large-updates',
    );
  const to =
    rate !== null && rate > 0 ? ` (e.g. from ${rate} to ${suggestedLearningRate(rate)})` : ' (e.g. to a tenth)';
  return adviceFix(`Lower the learning rate${to}`, why, 'large-updates');
}

/** SGD → sgd, Adam → adam, RMSProp → rmsprop (tfjs's class names): the tf.train factory's name. */
function optimizerName(className: string): string {
  return className.replace(/Optimizer$/, '').toLowerCase();
}

/**
 * The fixes that remove `cause` at `target`, best first; empty when no fix removes it (the symptom fixes stay).
 * `optimizer`: the one that updates the layer; `inputs`: the model's input statistics, when measured.
 */
export function causeFixes(
  cause: CauseId,
  target: FixTarget,
  optimizer: OptimizerEvent | undefined,
  inputs: { mean: number; std: number } | undefined,
): Fix[] {
  switch (cause) {
    case 'negative-bias':
      return applicable(target, [
        editFix(
          { action: 'set-option', option: 'biasInitializer', value: 'zeros' },
          `A bias of ${target.layer?.config.biasConstant ?? 'below zero'} shifts every pre-activation down, so a ReLU unit is negative for every sample and gets no gradient; zeros lets the weights decide.`,
          'negative-bias',
        ),
      ]);
    case 'large-updates':
      return [
        lowerLearningRate(
          optimizer,
          'Updates this large push weights (and with them activations and gradients) far in one step: units die, gradients compound, values overflow. A tenth of the learning rate is a usual first try.',
        ),
      ];
    case 'unscaled-inputs':
      return [
        standardiseInputs(
          `The inputs reach the first layer with ${inputs ? `mean ${formatNumber(inputs.mean)} and std ${formatNumber(inputs.std)}` : 'a large scale'}: pre-activations start far from where activations are responsive. Subtract the mean and divide by the std (per feature, computed on the training set) before training.`,
          'unscaled-inputs',
        ),
      ];
    case 'saturating-stack':
      return applicable(target, [
        swapToRelu(
          "ReLU's derivative is 1 for every positive input, where sigmoid's is at most 0.25, so the backward signal is not shrunk at every layer of the stack; He initialisation keeps its scale from layer to layer.",
          'saturating-stack',
        ),
      ]);
    case 'weight-scale':
      return applicable(target, [
        setInitializer(
          'glorotUniform',
          'Initial weights sized for the layer (Glorot for sigmoid/tanh, variance ~1/fan-in) keep pre-activations where the activation is responsive.',
          'weight-scale',
        ),
      ]);
    case 'selu-setup':
      return seluSetupFixes(target, inputs);
    case 'undefined-operation':
      return [
        adviceFix(
          'Check the inputs and the loss for NaN, log(0) or division by zero',
          'The loss went non-finite without any growth before it: a NaN in the data or an undefined operation in a custom loss (log of 0, 0/0) does that. Clip probabilities (tf.clipByValue(p, 1e-7, 1 - 1e-7)) before a log.',
          'undefined-operation',
        ),
      ];
    case 'unexplained':
      return [];
  }
}

function seluSetupFixes(target: FixTarget, inputs: { mean: number; std: number } | undefined): Fix[] {
  return applicable(target, [
    setInitializer(
      'leCunNormal',
      "SELU's fixed point assumes weights with variance 1/fan-in — leCunNormal; Glorot or He weights start the layer away from it.",
      'selu-setup',
    ),
    ...(target.dropoutAfter
      ? [
          adviceFix(
            `Replace ${target.dropoutAfter.name} (Dropout) with tf.layers.alphaDropout`,
            "Plain dropout sets values to 0, which moves the mean and variance; alphaDropout drops to SELU's negative saturation value and rescales, keeping mean 0 / variance 1.",
            'selu-setup',
          ),
        ]
      : []),
    standardiseInputs(
      `SELU self-normalises only if the network's inputs already have mean 0 and variance 1${inputs ? ` (here: mean ${formatNumber(inputs.mean)}, std ${formatNumber(inputs.std)})` : ''}.`,
      'selu-setup',
    ),
  ]);
}

export function deadUnitsFixes(target: FixTarget): Fix[] {
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
    insertBatchNorm(
      'Batch normalisation rescales activations every batch, so growing weights do not compound from layer to layer.',
    ),
    adviceFix(
      'Clip the gradients before applying them',
      'In a custom training loop, tf.clipByValue (or rescaling by the global norm) caps each update however large the raw gradient gets.',
    ),
  ]);
}

export function driftFixes(target: FixTarget): Fix[] {
  return applicable(target, [
    insertBatchNorm(
      "Batch normalisation hands the next layer inputs with a steady mean and variance, whatever this layer's output does.",
    ),
    adviceFix(
      'Lower the learning rate, or add weight decay',
      'Activations that keep moving follow weights that keep growing; smaller or regularised updates keep the scale steady.',
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
        if (fix.option === 'biasInitializer') return layer?.weights.some((weight) => weight.name === 'bias') ?? false;
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
