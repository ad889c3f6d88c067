/**
 * saturation: a sigmoid/tanh layer with more than saturationFraction of its outputs in the flat region
 * (|pre-activation| > 5, measured by the runner), where the derivative is nearly 0 (DeepDiagnosis; SageMaker
 * Debugger's saturated_activation rule also uses 50%). Output layers are left out: a confident sigmoid output is
 * saturated by design, and with cross-entropy the loss cancels its derivative.
 */
import type { LayerEvent } from '../../core/events.ts';
import type { Finding } from '../../core/findings.ts';
import { activationInfo, isSaturating } from '../../core/activations.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { fixTarget, saturationFixes } from '../fixes.ts';
import { formatNumber, formatPercent } from '../../core/format.ts';
import { FindingLatches, type Conclusion } from '../hysteresis.ts';
import type { ModelLayout } from '../../core/model-layout.ts';
import type { Thresholds } from '../../core/thresholds.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** The derivative at the edge of the flat region (pre-activation 5), where the runner starts counting. */
const DERIVATIVE_AT_EDGE: Record<string, number> = {
  sigmoid: sigmoid(5) * (1 - sigmoid(5)),
  tanh: 1 - Math.tanh(5) ** 2,
};

export class SaturationDetector implements Detector {
  private readonly latches: FindingLatches;

  constructor(private readonly thresholds: Thresholds) {
    this.latches = FindingLatches.for('saturation', thresholds);
  }

  check({ activations, layout, lastStep }: WindowCheck): void {
    for (const { layer: name, saturated } of activations) {
      const layer = layout.layer(name);
      if (!layer || saturated === null || !isSaturating(layer.activation) || layout.isOutput(name)) continue;
      if (saturated > this.thresholds.saturationFraction)
        this.latches.evidence(name, () => this.finding(layer, saturated, lastStep, layout));
      else this.latches.noEvidence(name);
    }
  }

  conclude(why: Conclusion): void {
    this.latches.conclude(why);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  private finding(layer: LayerEvent, saturated: number, step: number, layout: ModelLayout): Finding {
    const activation = activationInfo(layer.activation)?.name ?? String(layer.activation);
    const derivative = DERIVATIVE_AT_EDGE[layer.activation ?? ''];
    return {
      kind: 'saturation',
      severity: 'warning',
      layer: layer.name,
      source: layer.source,
      step,
      message: `${layout.displayName(layer.name)}: ${formatPercent(saturated)} of its ${activation} outputs saturated (|x| > 5), passing little gradient.`,
      detail:
        `${formatPercent(saturated)} of its ${activation} outputs sit in the flat region (|pre-activation| > 5)` +
        `${derivative === undefined ? '' : `, where ${activation}′ < ${formatNumber(derivative)}`}: those values pass almost no gradient back, ` +
        'so this layer and the layers before it learn slowly or not at all.',
      evidence: {
        saturatedShare: saturated,
        saturationFraction: this.thresholds.saturationFraction,
        derivativeAtEdge: derivative ?? null,
      },
      fixes: saturationFixes(fixTarget(layout, layer.name)),
      related: [],
    };
  }
}
