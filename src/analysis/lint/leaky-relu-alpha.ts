/**
 * lint-leaky-relu-alpha: a LeakyReLU with a large negative slope. The usual LeakyReLU has α = 0.01; tfjs's
 * `leakyReLU()` defaults to α = 0.3, which lets negative inputs through at almost a third of their size and
 * makes the layer much closer to linear. From α = 0.2 on this lint speaks up.
 */
import { LEAKY_RELU_ALPHA, TFJS_DEFAULT_LEAKY_RELU_ALPHA } from '../../core/activations.ts';
import { findOption, type LayerCall } from '../../source/layer-calls.ts';
import type { Finding } from '../../core/findings.ts';
import { editFix } from '../../core/fix-builders.ts';
import { lintFinding } from './lint-finding.ts';
import type { LintInput } from './lint-input.ts';

const LARGE_ALPHA = 0.2;

export function checkLeakyReluAlpha({ fileName, calls }: LintInput): Finding[] {
  return calls.flatMap((call) => {
    const alpha = largeAlpha(call);
    if (!alpha) return [];
    const percent = `${Math.round(alpha.value * 100)}%`;
    const slope = alpha.isDefault
      ? `leakyReLU() without alpha uses tfjs's default α = ${alpha.value}, not the usual ${LEAKY_RELU_ALPHA}`
      : `α = ${alpha.value} is far from the usual ${LEAKY_RELU_ALPHA}`;
    return [
      lintFinding(fileName, call, {
        kind: 'lint-leaky-relu-alpha',
        message: `${slope}: negative inputs pass at ${percent} of their size.`,
        detail: `A slope of ${alpha.value} lets negative inputs through at ${percent} of their size, so this layer is closer to linear than to a leaky ReLU.`,
        evidence: {
          alpha: alpha.value,
          alphaIsTfjsDefault: alpha.isDefault,
          usualAlpha: LEAKY_RELU_ALPHA,
          flaggedFrom: LARGE_ALPHA,
        },
        fixes: [
          editFix(
            { action: 'set-option', option: 'alpha', value: LEAKY_RELU_ALPHA },
            `α = ${LEAKY_RELU_ALPHA} keeps a small gradient for negative inputs, so units cannot die, while the layer stays clearly non-linear.`,
          ),
        ],
      }),
    ];
  });
}

function largeAlpha(call: LayerCall): { value: number; isDefault: boolean } | undefined {
  if (call.factory !== 'leakyReLU' || call.optionsKind === 'expression') return undefined;
  const option = findOption(call.options, 'alpha');
  if (!option) return call.options?.hasSpread ? undefined : { value: TFJS_DEFAULT_LEAKY_RELU_ALPHA, isDefault: true };
  return typeof option.literal === 'number' && option.literal >= LARGE_ALPHA
    ? { value: option.literal, isDefault: false }
    : undefined;
}
