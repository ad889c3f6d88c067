/**
 * The source edit that makes a compared activation permanent: the same change the comparison made at run
 * time (src/runner/activation-overrides.ts) and the same FixAction a quick fix applies, so that "Apply" and
 * Ctrl+. write identical code.
 */
import { activationInfo, LEAKY_RELU_ALPHA, OPTION_ACTIVATION_IDS } from '../core/activations.ts';
import type { ActivationName, FixAction } from '../core/findings.ts';

export function winnerFix(activation: string): Exclude<FixAction, { action: 'advice' }> | null {
  const info = activationInfo(activation);
  if (!info) return null;
  if (info.id === 'leakyReLU')
    return { action: 'insert-activation-layer', layer: 'leakyReLU', alpha: LEAKY_RELU_ALPHA };
  if (info.id === 'prelu') return { action: 'insert-activation-layer', layer: 'prelu' };
  if (!(OPTION_ACTIVATION_IDS as readonly string[]).includes(info.id)) return null;
  // SELU was compared with leCunNormal weights (the overrides' companion change), so it is applied with them.
  return info.preferredInitializer === 'leCunNormal'
    ? { action: 'swap-activation', to: info.id as ActivationName, kernelInitializer: 'leCunNormal' }
    : { action: 'swap-activation', to: info.id as ActivationName };
}
