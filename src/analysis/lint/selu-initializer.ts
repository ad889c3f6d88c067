/**
 * lint-selu-initializer: a SELU layer whose weights do not start from leCunNormal. SELU's constants
 * (α ≈ 1.6733, λ ≈ 1.0507) make mean 0 / variance 1 a fixed point only for weights of variance 1/fan-in
 * (Klambauer et al., 2017); tfjs's default kernel initializer is glorotUniform.
 */
import { findOption, type LayerCall } from '../../source/layer-calls.ts';
import { isSelu } from '../../core/activations.ts';
import { KERNEL_LAYER_FACTORIES } from '../../source/layer-factories.ts';
import type { Finding } from '../../core/findings.ts';
import { editFix } from '../../core/fix-builders.ts';
import { lintFinding } from './lint-finding.ts';
import type { LintInput } from './lint-input.ts';

const TFJS_DEFAULT_KERNEL_INITIALIZER = 'glorotUniform';

export function checkSeluInitializer({ fileName, calls }: LintInput): Finding[] {
  return calls.flatMap((call) => {
    const initializer = seluWithoutLeCun(call);
    if (initializer === undefined) return [];
    const isDefault = initializer === TFJS_DEFAULT_KERNEL_INITIALIZER && !findOption(call.options, 'kernelInitializer');
    const weights = isDefault ? `tfjs's default ${initializer}` : `'${initializer}'`;
    return [
      lintFinding(fileName, call, {
        kind: 'lint-selu-initializer',
        message: `SELU layer with ${weights} weights: SELU self-normalises only from leCunNormal weights.`,
        detail: `SELU keeps activations self-normalised (mean 0, variance 1 from layer to layer) only when the weights start from leCunNormal; this layer's weights start from ${weights}, so its activations will drift away from that fixed point.`,
        evidence: {
          activation: 'selu',
          kernelInitializer: initializer,
          kernelInitializerIsDefault: isDefault,
          needed: 'leCunNormal',
        },
        fixes: [
          editFix(
            { action: 'set-option', option: 'kernelInitializer', value: 'leCunNormal' },
            "leCunNormal draws weights with variance 1/fan-in, the scale SELU's α and λ are derived for.",
            'selu-setup',
          ),
        ],
      }),
    ];
  });
}

/** The initializer of a SELU layer with a kernel when it is known not to be leCunNormal. */
function seluWithoutLeCun(call: LayerCall): string | undefined {
  if (!KERNEL_LAYER_FACTORIES.has(call.factory) || !isSelu(call.activation)) return undefined;
  const option = findOption(call.options, 'kernelInitializer');
  // An initializer from a variable, a call or a spread object may well be leCunNormal: say nothing.
  if (!option) return call.options?.hasSpread ? undefined : TFJS_DEFAULT_KERNEL_INITIALIZER;
  return typeof option.literal === 'string' && option.literal !== 'leCunNormal' ? option.literal : undefined;
}
