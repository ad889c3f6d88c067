/**
 * lint-deep-saturating-stack: four or more sigmoid/tanh layers in a row. Backpropagation multiplies the
 * gradient by the activation's derivative at every layer: σ′ ≤ 0.25, and tanh′ ≤ 1 but near 0 once it
 * saturates — so through a deep stack the gradient reaching the first layers vanishes.
 *
 * "In a row" within one model: layers that only reshape, pool, normalise or drop units pass through; any
 * other activation (ReLU, a linear layer, an activation layer, an unknown value) ends the run.
 */
import { activationInfo, isSaturating } from '../../core/activations.ts';
import { FEEDFORWARD_ACTIVATION_FACTORIES } from '../../source/layer-factories.ts';
import type { LayerCall } from '../../source/layer-calls.ts';
import type { Finding, Fix } from '../../core/findings.ts';
import { editFix } from '../../core/fix-builders.ts';
import { lintFinding } from './lint-finding.ts';
import type { LintInput } from './lint-input.ts';

const MIN_STACK = 4;
const SIGMOID_DERIVATIVE_MAX = 0.25;

const PASS_THROUGH: ReadonlySet<string> = new Set([
  'dropout',
  'spatialDropout1d',
  'gaussianDropout',
  'alphaDropout',
  'gaussianNoise',
  'batchNormalization',
  'layerNormalization',
  'flatten',
  'reshape',
  'permute',
  'repeatVector',
  'masking',
  'inputLayer',
  'zeroPadding2d',
  'cropping2D',
  'upSampling2d',
]);

const FIXES: Fix[] = [
  editFix(
    { action: 'swap-activation', to: 'relu', kernelInitializer: 'heNormal' },
    "ReLU's derivative is 1 for every positive input, so it passes gradients back undiminished; heNormal scales the weights for it.",
  ),
  editFix(
    { action: 'swap-activation', to: 'selu', kernelInitializer: 'leCunNormal' },
    'SELU keeps activations near mean 0 and variance 1 through deep stacks, given leCunNormal weights.',
  ),
];

export function checkSaturatingStacks({ fileName, models }: LintInput): Finding[] {
  return models.flatMap((model) =>
    saturatingRuns(model).flatMap((run) => {
      // The model's last layer is its output, whose activation is chosen for the task (a probability): it counts
      // towards the stack but is not asked to change.
      const hidden = run.at(-1) === model.at(-1) ? run.slice(0, -1) : run;
      return hidden.map((call) => stackFinding(fileName, call, run));
    }),
  );
}

function saturatingRuns(model: readonly LayerCall[]): LayerCall[][] {
  const runs: LayerCall[][] = [];
  let run: LayerCall[] = [];
  for (const call of model) {
    if (isSaturatingLayer(call)) {
      run.push(call);
    } else if (!PASS_THROUGH.has(call.factory) && !/Pool/i.test(call.factory)) {
      runs.push(run);
      run = [];
    }
  }
  runs.push(run);
  return runs.filter((candidate) => candidate.length >= MIN_STACK);
}

function isSaturatingLayer(call: LayerCall): boolean {
  return FEEDFORWARD_ACTIVATION_FACTORIES.has(call.factory) && isSaturating(call.activation);
}

function stackFinding(fileName: string, call: LayerCall, run: readonly LayerCall[]): Finding {
  const sigmoids = run.filter((layer) => activationInfo(layer.activation)?.id === 'sigmoid').length;
  const bound = SIGMOID_DERIVATIVE_MAX ** sigmoids;
  const shrink =
    sigmoids > 0
      ? ` Through its ${sigmoids} sigmoid layer${sigmoids === 1 ? '' : 's'} alone the gradient shrinks to at most ${SIGMOID_DERIVATIVE_MAX}^${sigmoids} ≈ ${bound.toPrecision(2)} of its size.`
      : '';
  return lintFinding(fileName, call, {
    kind: 'lint-deep-saturating-stack',
    message:
      `Layer ${run.indexOf(call) + 1} of ${run.length} saturating layers in a row (lines ${run[0]!.line}–${run.at(-1)!.line}): ` +
      `each multiplies the gradient flowing back by its derivative, σ′ ≤ ${SIGMOID_DERIVATIVE_MAX} for sigmoid and near 0 for a saturated tanh, so the first layers barely learn.${shrink}`,
    evidence: {
      consecutiveSaturatingLayers: run.length,
      position: run.indexOf(call) + 1,
      activations: run.map((layer) => layer.activation),
      sigmoidLayers: sigmoids,
      sigmoidGradientBound: bound,
    },
    fixes: FIXES,
    related: run
      .filter((other) => other !== call)
      .map((other) => ({
        message: `${other.activation} layer ${run.indexOf(other) + 1} of ${run.length}`,
        call: other,
      })),
  });
}
