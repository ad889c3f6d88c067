/**
 * vanishing-gradient: a layer whose gradient is too small for its weights to move. Either rule suffices:
 *  - AUTOTRAINER's ratio, applied to each layer against the model's output layer (the last layer with
 *    gradients): ‖g_layer‖ / ‖g_output‖ ≤ vanishingRatio and ‖g_layer‖ ≤ vanishingMaxNorm. For the first layer
 *    this is exactly AUTOTRAINER's first/last rule.
 *  - An absolute floor on the layer's RMS gradient (SageMaker Debugger, DeepDiagnosis): RMS ≤ vanishingRmsFloor.
 *
 * A layer is not reported when dead units explain its silence: walking from it towards the output through
 * starving layers, if one of them is a ReLU layer with at least deadUnitsErrorFraction of its units dead and
 * the layer after that run has healthy gradients, the dead-units finding already tells the story.
 */
import type { Finding } from '../../core/findings.ts';
import { activationInfo, isReluFamily, isSaturating } from '../../core/activations.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { fixTarget, vanishingFixes } from '../fixes.ts';
import { formatNumber } from '../../core/format.ts';
import { FindingLatches, type Conclusion } from '../hysteresis.ts';
import type { ModelLayout } from '../../core/model-layout.ts';
import type { Thresholds } from '../../core/thresholds.ts';
import type { LayerGradient } from '../window-gradients.ts';
import type { DeadUnitsLookup } from './dead-units.ts';

type StarvationRule = 'ratio-to-output' | 'rms-floor';

export class VanishingGradientDetector implements Detector {
  private readonly latches: FindingLatches;

  constructor(
    private readonly thresholds: Thresholds,
    private readonly deadUnits: DeadUnitsLookup,
  ) {
    this.latches = FindingLatches.for('vanishing', thresholds);
  }

  check({ gradients, layout, lastStep }: WindowCheck): void {
    for (const { layers } of gradients) {
      const output = layers[layers.length - 1];
      const rules = layers.map((gradient) => this.starvation(gradient, output));
      layers.forEach((gradient, index) => {
        // The first layer after the run of starving layers that starts here: where gradients are still healthy.
        let healthyIndex = index;
        while (healthyIndex < layers.length && rules[healthyIndex].length > 0) healthyIndex++;
        const healthy = layers[healthyIndex];
        if (
          rules[index].length === 0 ||
          (healthy && this.deadUnitsExplain(layers.slice(index, healthyIndex), layout))
        ) {
          this.latches.noEvidence(gradient.layer);
        } else {
          this.latches.evidence(gradient.layer, () =>
            this.finding(gradient, output, rules[index], healthy, layout, lastStep),
          );
        }
      });
    }
  }

  conclude(why: Conclusion): void {
    this.latches.conclude(why);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  private starvation(gradient: LayerGradient, output: LayerGradient): StarvationRule[] {
    const { vanishingRatio, vanishingMaxNorm, vanishingRmsFloor } = this.thresholds;
    const rules: StarvationRule[] = [];
    if (gradient !== output && gradient.norm / output.norm <= vanishingRatio && gradient.norm <= vanishingMaxNorm)
      rules.push('ratio-to-output');
    if (gradient.rms <= vanishingRmsFloor) rules.push('rms-floor');
    return rules;
  }

  private deadUnitsExplain(starving: LayerGradient[], layout: ModelLayout): boolean {
    return starving.some(
      ({ layer }) =>
        isReluFamily(layout.layer(layer)?.activation) &&
        (this.deadUnits.deadShare(layer) ?? 0) >= this.thresholds.deadUnitsErrorFraction,
    );
  }

  private finding(
    gradient: LayerGradient,
    output: LayerGradient,
    rules: StarvationRule[],
    healthy: LayerGradient | undefined,
    layout: ModelLayout,
    step: number,
  ): Finding {
    const { vanishingRatio, vanishingMaxNorm, vanishingRmsFloor } = this.thresholds;
    const ratio = gradient === output ? null : gradient.norm / output.norm;
    const measured = rules.includes('ratio-to-output')
      ? `its median gradient norm was ${formatNumber(gradient.norm)}, only ${formatNumber(ratio ?? 0)} of the output layer's (${output.layer}: ${formatNumber(output.norm)})`
      : `its median RMS gradient was ${formatNumber(gradient.rms)}, below the floor of ${formatNumber(vanishingRmsFloor)}`;
    return {
      kind: 'vanishing-gradient',
      severity: 'warning',
      layer: gradient.layer,
      source: layout.source(gradient.layer),
      step,
      message: `${layout.displayName(gradient.layer)}: gradients vanish — ${
        ratio === null ? `RMS ${formatNumber(gradient.rms)}` : `${formatNumber(ratio)} of the output layer's`
      }.`,
      detail:
        `Over the last ${gradient.steps} steps ${measured}. ` +
        'Its weights barely change, so this layer (and every layer before it) has all but stopped learning.' +
        saturatingCause(gradient.layer, output.layer, layout),
      evidence: {
        norm: gradient.norm,
        rms: gradient.rms,
        steps: gradient.steps,
        outputLayer: output.layer,
        outputNorm: output.norm,
        ratioToOutput: ratio,
        rules,
        vanishingRatio,
        vanishingMaxNorm,
        vanishingRmsFloor,
      },
      fixes: vanishingFixes(fixTarget(layout, gradient.layer)),
      related: healthy
        ? [
            {
              message: `Gradients are still healthy here (norm ${formatNumber(healthy.norm)}): they vanish between this layer and ${gradient.layer}.`,
              layer: healthy.layer,
              source: layout.source(healthy.layer),
            },
          ]
        : [],
    };
  }
}

/** Names the saturating activations between the layer and the output, whose derivatives shrink the gradient. */
function saturatingCause(layer: string, output: string, layout: ModelLayout): string {
  const path = [layout.layer(layer), ...layout.following(layer)];
  const end = path.findIndex((event) => event?.name === output);
  const saturating = path.slice(0, end === -1 ? path.length : end).filter((event) => isSaturating(event?.activation));
  if (saturating.length === 0) return '';
  const names = [...new Set(saturating.map((event) => activationInfo(event?.activation)?.name))].join('/');
  return ` On the way back the gradient passes ${saturating.length} ${names} layer${saturating.length > 1 ? 's' : ''}; each multiplies it by the activation's derivative — at most 0.25 for sigmoid — so a stack of them shrinks it geometrically.`;
}
