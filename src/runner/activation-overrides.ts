/**
 * Swaps a layer's activation when it is constructed, for comparing activations without editing the
 * script. Each swap brings the companion change the activation needs (SELU → leCunNormal init).
 */
import type { RunnerConfig } from '../protocol/runner-config.ts';
import { activationInfo, isReluFamily } from '../fixes/catalogue.ts';
import type { FactoryOptionsRewriter } from './instrument/layer-registry.ts';

export function activationRewriter(overrides: RunnerConfig['activationOverrides']): FactoryOptionsRewriter | null {
  if (overrides.length === 0) return null;
  return (_factory, options, site) => {
    const override = overrides.find(({ match }) => {
      if ('line' in match) return site?.line === match.line;
      if ('name' in match) return options.name === match.name;
      return typeof options.activation === 'string' && isReluFamily(options.activation);
    });
    if (!override || !('activation' in options)) return options;
    const rewritten: Record<string, unknown> = { ...options, activation: override.to };
    const initializer = activationInfo(override.to)?.preferredInitializer;
    if (initializer === 'leCunNormal') rewritten.kernelInitializer = initializer;
    return rewritten;
  };
}
