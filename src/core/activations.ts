/**
 * The activation catalogue: what each activation is, how it fails, what it needs. The lecture's facts in one
 * place, used by analysis (which detectors apply to a layer), fixes (what a swap must also change) and docs.
 */
import type { ActivationName } from './findings.ts';

/** SELU's self-normalising constants (Klambauer et al., 2017): fixed point mean 0, variance 1. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_LAMBDA = 1.0507009873554805;

/** The lecture's LeakyReLU slope; tfjs's own default is 0.3, far from "leaky". */
export const LEAKY_RELU_ALPHA = 0.01;
export const TFJS_DEFAULT_LEAKY_RELU_ALPHA = 0.3;

export interface ActivationInfo {
  name: string;
  /** Outputs exactly 0 for every negative input: a unit can stop receiving gradient ("die"). */
  clampsAtZero: boolean;
  /** Flat at both ends: derivative → 0 for large |x|, σ′ ≤ 0.25 (sigmoid) — gradients shrink layer by layer. */
  saturating: boolean;
  /** Output value below/above which the pre-activation is beyond ±5 (the flat region), for saturating ones. */
  flatRegion?: { low: number; high: number };
  /** The kernel initialiser the activation is designed for. */
  preferredInitializer?: 'heNormal' | 'leCunNormal' | 'glorotUniform';
  summary: string;
}

const SIGMOID_AT_5 = 1 / (1 + Math.exp(-5));
const TANH_AT_5 = Math.tanh(5);

export const ACTIVATIONS: Record<string, ActivationInfo> = {
  relu: { name: 'ReLU', clampsAtZero: true, saturating: false, preferredInitializer: 'heNormal', summary: 'max(0, x): cheap and non-saturating for x > 0, but a unit whose input stays negative gets zero gradient and never recovers.' },
  relu6: { name: 'ReLU6', clampsAtZero: true, saturating: false, preferredInitializer: 'heNormal', summary: 'min(max(0, x), 6): ReLU capped at 6; dies like ReLU.' },
  thresholdedrelu: { name: 'ThresholdedReLU', clampsAtZero: true, saturating: false, summary: 'x for x > θ, else 0; dies like ReLU.' },
  leakyrelu: { name: 'LeakyReLU', clampsAtZero: false, saturating: false, preferredInitializer: 'heNormal', summary: 'x for x > 0, αx otherwise (α = 0.01): a small slope keeps gradient flowing through negative inputs.' },
  prelu: { name: 'PReLU', clampsAtZero: false, saturating: false, preferredInitializer: 'heNormal', summary: 'LeakyReLU whose slope α is learned per unit.' },
  elu: { name: 'ELU', clampsAtZero: false, saturating: false, preferredInitializer: 'heNormal', summary: 'x for x > 0, α(eˣ − 1) otherwise: smooth, negative outputs push the mean activation towards 0.' },
  selu: { name: 'SELU', clampsAtZero: false, saturating: false, preferredInitializer: 'leCunNormal', summary: `λ·ELU with α ≈ ${SELU_ALPHA.toFixed(4)}, λ ≈ ${SELU_LAMBDA.toFixed(4)}: keeps activations near mean 0 / variance 1 — only with leCunNormal weights, standardised inputs and alphaDropout.` },
  swish: { name: 'Swish', clampsAtZero: false, saturating: false, preferredInitializer: 'heNormal', summary: 'x·σ(βx), found by automated activation search; smooth and non-monotonic.' },
  mish: { name: 'Mish', clampsAtZero: false, saturating: false, preferredInitializer: 'heNormal', summary: 'x·tanh(softplus(x)); smooth, Swish-like.' },
  gelu: { name: 'GELU', clampsAtZero: false, saturating: false, preferredInitializer: 'heNormal', summary: 'x·Φ(x); smooth, Swish-like.' },
  softplus: { name: 'softplus', clampsAtZero: false, saturating: false, summary: 'log(1 + eˣ): a smooth ReLU that never has a zero derivative.' },
  sigmoid: { name: 'sigmoid', clampsAtZero: false, saturating: true, flatRegion: { low: 1 - SIGMOID_AT_5, high: SIGMOID_AT_5 }, preferredInitializer: 'glorotUniform', summary: '1/(1 + e⁻ˣ): σ′ ≤ 0.25, so deep stacks multiply gradients by ≤ 0.25 per layer and they vanish.' },
  hardsigmoid: { name: 'hard sigmoid', clampsAtZero: false, saturating: true, flatRegion: { low: 0, high: 1 }, preferredInitializer: 'glorotUniform', summary: 'A piecewise-linear sigmoid; exactly flat beyond ±2.5.' },
  tanh: { name: 'tanh', clampsAtZero: false, saturating: true, flatRegion: { low: -TANH_AT_5, high: TANH_AT_5 }, preferredInitializer: 'glorotUniform', summary: 'Zero-centred sigmoid; still saturates, tanh′ ≤ 1 and → 0 away from 0.' },
  softsign: { name: 'softsign', clampsAtZero: false, saturating: true, flatRegion: { low: -5 / 6, high: 5 / 6 }, summary: 'x/(1 + |x|): saturates slowly.' },
  linear: { name: 'linear', clampsAtZero: false, saturating: false, summary: 'The identity: no non-linearity.' },
  softmax: { name: 'softmax', clampsAtZero: false, saturating: false, summary: 'Normalised exponentials, for output layers.' },
};

/** Looks an activation up by any of the spellings tfjs uses (`leakyReLU`, `LeakyReLU`, `relu`, …). */
export function activationInfo(name: string | null | undefined): ActivationInfo | undefined {
  if (!name) return undefined;
  return ACTIVATIONS[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
}

export function isReluFamily(activation: string | null | undefined): boolean {
  return activationInfo(activation)?.clampsAtZero ?? false;
}

export function isSaturating(activation: string | null | undefined): boolean {
  return activationInfo(activation)?.saturating ?? false;
}

export function isSelu(activation: string | null | undefined): boolean {
  return activation?.toLowerCase() === 'selu';
}

/** Candidates the compare command and the quick fixes offer, in tfjs spelling. */
export const SWAP_CANDIDATES: readonly ActivationName[] = ['relu', 'elu', 'selu', 'swish', 'softplus', 'tanh', 'sigmoid'];
