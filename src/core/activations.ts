/**
 * The activation catalogue: every activation ActLens knows, once, with what it is, how it fails and what it
 * needs — the lecture's facts in one list. Analysis (which detectors apply), fixes (what a swap must also
 * change), the runner (layers that are activations, swaps at construction), the compare command and the
 * panel all read it; nothing else spells an activation list.
 */

/** SELU's self-normalising constants (Klambauer et al., 2017): fixed point mean 0, variance 1. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_LAMBDA = 1.0507009873554805;

/** The lecture's LeakyReLU slope; tfjs's own default is 0.3, far from "leaky". */
export const LEAKY_RELU_ALPHA = 0.01;
export const TFJS_DEFAULT_LEAKY_RELU_ALPHA = 0.3;

export interface ActivationInfo {
  /** tfjs's spelling: the `activation:` option string, or the layer factory for layer-only activations. */
  id: string;
  /** How people write it in prose. */
  name: string;
  /**
   * `option`: a string for a layer's `activation:` option; `layer`: tfjs has it only as a layer (`tf.layers.leakyReLU`),
   * so a swap applies that layer after the host layer's now linear output.
   */
  form: 'option' | 'layer';
  /** The class name of tfjs's layer that is this activation (`tf.layers.reLU()` → ReLU), if there is one. */
  layerClass?: string;
  /** Outputs exactly 0 for every negative input: a unit can stop receiving gradient ("die"). */
  clampsAtZero: boolean;
  /** Flat at both ends: derivative → 0 for large |x|, σ′ ≤ 0.25 (sigmoid) — gradients shrink layer by layer. */
  saturating: boolean;
  /**
   * Outputs sum to 1 over the last axis (a probability distribution): their mean is 1/n whatever the inputs,
   * and their spread is how confident the layer is, which training is meant to change. Not a drifting scale.
   */
  meanFixedByConstruction: boolean;
  /** Output value below/above which the pre-activation is beyond ±5 (the flat region), for saturating ones. */
  flatRegion?: { low: number; high: number };
  /** The kernel initialiser the activation is designed for. */
  preferredInitializer?: 'heNormal' | 'leCunNormal' | 'glorotUniform';
  /** Offered by Compare Activations: a hidden-layer activation worth training with. */
  comparable: boolean;
  /** Among the lecture's modern alternatives to ReLU, pre-selected when comparing. */
  lectureAlternative?: boolean;
}

const SIGMOID_AT_5 = 1 / (1 + Math.exp(-5));
const TANH_AT_5 = Math.tanh(5);

const base = {
  form: 'option',
  clampsAtZero: false,
  saturating: false,
  meanFixedByConstruction: false,
  comparable: true,
} as const;

export const ACTIVATIONS: readonly ActivationInfo[] = [
  { ...base, id: 'relu', name: 'ReLU', layerClass: 'ReLU', clampsAtZero: true, preferredInitializer: 'heNormal' },
  { ...base, id: 'relu6', name: 'ReLU6', clampsAtZero: true, preferredInitializer: 'heNormal' },
  {
    ...base,
    id: 'thresholdedReLU',
    name: 'ThresholdedReLU',
    form: 'layer',
    layerClass: 'ThresholdedReLU',
    clampsAtZero: true,
    comparable: false,
  },
  {
    ...base,
    id: 'leakyReLU',
    name: 'LeakyReLU',
    form: 'layer',
    layerClass: 'LeakyReLU',
    preferredInitializer: 'heNormal',
    lectureAlternative: true,
  },
  {
    ...base,
    id: 'prelu',
    name: 'PReLU',
    form: 'layer',
    layerClass: 'PReLU',
    preferredInitializer: 'heNormal',
    lectureAlternative: true,
  },
  { ...base, id: 'elu', name: 'ELU', layerClass: 'ELU', preferredInitializer: 'heNormal', lectureAlternative: true },
  { ...base, id: 'selu', name: 'SELU', preferredInitializer: 'leCunNormal', lectureAlternative: true },
  { ...base, id: 'swish', name: 'Swish', preferredInitializer: 'heNormal', lectureAlternative: true },
  { ...base, id: 'mish', name: 'Mish', preferredInitializer: 'heNormal' },
  { ...base, id: 'gelu', name: 'GELU', preferredInitializer: 'heNormal' },
  { ...base, id: 'softplus', name: 'softplus' },
  {
    ...base,
    id: 'sigmoid',
    name: 'sigmoid',
    saturating: true,
    flatRegion: { low: 1 - SIGMOID_AT_5, high: SIGMOID_AT_5 },
    preferredInitializer: 'glorotUniform',
  },
  {
    ...base,
    id: 'hardSigmoid',
    name: 'hard sigmoid',
    saturating: true,
    flatRegion: { low: 0, high: 1 },
    preferredInitializer: 'glorotUniform',
  },
  {
    ...base,
    id: 'tanh',
    name: 'tanh',
    saturating: true,
    flatRegion: { low: -TANH_AT_5, high: TANH_AT_5 },
    preferredInitializer: 'glorotUniform',
  },
  { ...base, id: 'softsign', name: 'softsign', saturating: true, flatRegion: { low: -5 / 6, high: 5 / 6 } },
  { ...base, id: 'linear', name: 'linear' },
  {
    ...base,
    id: 'softmax',
    name: 'softmax',
    layerClass: 'Softmax',
    meanFixedByConstruction: true,
    comparable: false,
  },
];

/** The `activation:` option strings tfjs accepts, for the fix schema's swap targets. */
export const OPTION_ACTIVATION_IDS = ACTIVATIONS.filter((activation) => activation.form === 'option').map(
  (activation) => activation.id,
) as [string, ...string[]];

/** What Compare Activations offers, and what it pre-selects (the lecture's alternatives to ReLU). */
export const COMPARABLE_ACTIVATION_IDS = ACTIVATIONS.filter((activation) => activation.comparable).map(
  (activation) => activation.id,
);
export const LECTURE_ALTERNATIVE_IDS = ACTIVATIONS.filter((activation) => activation.lectureAlternative).map(
  (activation) => activation.id,
);

const byKey = new Map(ACTIVATIONS.map((activation) => [lookupKey(activation.id), activation]));
const byLayerClass = new Map(
  ACTIVATIONS.flatMap((activation) => (activation.layerClass ? [[activation.layerClass, activation] as const] : [])),
);

/** Looks an activation up by any of the spellings tfjs uses (`leakyReLU`, `LeakyReLU`, `leaky_relu`, …). */
export function activationInfo(name: string | null | undefined): ActivationInfo | undefined {
  return name ? byKey.get(lookupKey(name)) : undefined;
}

/** The activation a layer of this class is (`ReLU` → relu), for layers that are nothing but an activation. */
export function activationOfLayerClass(className: string): ActivationInfo | undefined {
  return byLayerClass.get(className);
}

export function isReluFamily(activation: string | null | undefined): boolean {
  return activationInfo(activation)?.clampsAtZero ?? false;
}

export function isSaturating(activation: string | null | undefined): boolean {
  return activationInfo(activation)?.saturating ?? false;
}

export function hasMeanFixedByConstruction(activation: string | null | undefined): boolean {
  return activationInfo(activation)?.meanFixedByConstruction ?? false;
}

export function isSelu(activation: string | null | undefined): boolean {
  return activationInfo(activation)?.id === 'selu';
}

function lookupKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
