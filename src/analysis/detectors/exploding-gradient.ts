/**
 * exploding-gradient: gradients large enough to make updates overshoot, judged per model. Any rule suffices:
 *  - AUTOTRAINER's ratio: ‖g_first‖ / ‖g_output‖ ≥ explodingRatio (first and output = first and last layer with
 *    gradients, in model order);
 *  - a layer's norm ≥ explodingRatio × the median layer's (needs 3 or more layers to mean anything);
 *  - sustained growth: the model's whole gradient norm grew ≥ explodingGrowthPerCheck× since the previous check
 *    (the hysteresis turns "per check" into "over several checks").
 * The finding sits at the layer with the largest gradient when it is raised and stays there. It becomes an error
 * when training goes non-finite while the evidence holds: the growth ended in NaN/Inf.
 */
import type { Finding } from '../../protocol/findings.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { explodingFixes, fixTarget } from '../fixes.ts';
import { formatNumber } from '../format.ts';
import { FindingLatches } from '../hysteresis.ts';
import type { ModelLayout } from '../model-layout.ts';
import { median } from '../stats.ts';
import type { Thresholds } from '../thresholds.ts';
import type { LayerGradient, ModelGradients } from '../window-gradients.ts';

interface Explosion {
  step: number;
  largest: LayerGradient;
  totalNorm: number;
  /** ‖g_first‖ / ‖g_output‖ when it reached the threshold. */
  firstToOutput: { first: LayerGradient; output: LayerGradient; ratio: number } | null;
  /** The layer most above the median layer, when it reached the threshold. */
  aboveMedian: { layer: LayerGradient; median: number; ratio: number } | null;
  /** Growth of the whole gradient norm since the previous check, when it reached the threshold. */
  growth: number | null;
}

export class ExplodingGradientDetector implements Detector {
  private readonly latches: FindingLatches;
  private readonly previousNorm = new Map<number, number>();
  private readonly lastExplosion = new Map<number, Explosion>();

  constructor(private readonly thresholds: Thresholds) {
    this.latches = new FindingLatches({ raiseAfter: thresholds.explodingRaiseAfterChecks, clearAfter: thresholds.explodingClearAfterChecks });
  }

  check({ window, gradients, layout, wentNonFiniteAt }: WindowCheck): void {
    for (const model of gradients) {
      const key = String(model.model);
      const explosion = this.explosion(model, window.toStep);
      if (!explosion) {
        this.latches.noEvidence(key);
        continue;
      }
      this.lastExplosion.set(model.model, explosion);
      this.latches.evidence(key, (raised) => this.finding(explosion, raised, null, layout));
    }
    if (wentNonFiniteAt !== null) this.confirmByNonFinite(wentNonFiniteAt, layout);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  private explosion(model: ModelGradients, step: number): Explosion | undefined {
    const { explodingRatio, explodingGrowthPerCheck } = this.thresholds;
    const { layers } = model;
    const first = layers[0];
    const output = layers[layers.length - 1];
    const totalNorm = Math.hypot(...layers.map((layer) => layer.norm));
    const previous = this.previousNorm.get(model.model);
    this.previousNorm.set(model.model, totalNorm);

    const largest = layers.reduce((a, b) => (b.norm > a.norm ? b : a));
    const medianNorm = median(layers.map((layer) => layer.norm));
    // Ratios against a zero gradient say nothing about explosion (that is a vanishing or dead-units story).
    const firstRatio = layers.length >= 2 && output.norm > 0 ? first.norm / output.norm : 0;
    const medianRatio = layers.length >= 3 && medianNorm > 0 ? largest.norm / medianNorm : 0;
    const growth = previous ? totalNorm / previous : 0;
    const explosion: Explosion = {
      step,
      largest,
      totalNorm,
      firstToOutput: firstRatio >= explodingRatio ? { first, output, ratio: firstRatio } : null,
      aboveMedian: medianRatio >= explodingRatio ? { layer: largest, median: medianNorm, ratio: medianRatio } : null,
      growth: growth >= explodingGrowthPerCheck ? growth : null,
    };
    return explosion.firstToOutput || explosion.aboveMedian || explosion.growth ? explosion : undefined;
  }

  /** NaN/Inf right after exploding evidence: the growth ended in overflow, which makes it an error at once. */
  private confirmByNonFinite(step: number, layout: ModelLayout): void {
    for (const [model, explosion] of this.lastExplosion) {
      const key = String(model);
      if (this.latches.streak(key) === 0 && !this.latches.raised(key)) continue;
      this.latches.confirm(key, (raised) => this.finding(explosion, raised, step, layout));
    }
  }

  private finding(explosion: Explosion, raised: Finding | undefined, nonFiniteStep: number | null, layout: ModelLayout): Finding {
    const layer = raised?.layer ?? explosion.largest.layer;
    const { firstToOutput, aboveMedian, growth } = explosion;
    const measurements = [
      firstToOutput && `the first layer's gradient norm (${firstToOutput.first.layer}: ${formatNumber(firstToOutput.first.norm)}) is ${formatNumber(firstToOutput.ratio)}× the output layer's (${firstToOutput.output.layer}: ${formatNumber(firstToOutput.output.norm)})`,
      aboveMedian && `${aboveMedian.layer.layer}'s gradient norm (${formatNumber(aboveMedian.layer.norm)}) is ${formatNumber(aboveMedian.ratio)}× the median layer's (${formatNumber(aboveMedian.median)})`,
      growth && `the model's gradient norm grew ${formatNumber(growth)}× since the previous check, to ${formatNumber(explosion.totalNorm)}`,
    ].filter((part): part is string => typeof part === 'string');
    const outcome = nonFiniteStep === null
      ? 'Updates this large overshoot: the loss jumps instead of decreasing, and the weights can overflow to NaN.'
      : `The growth ended in overflow: training went non-finite at step ${nonFiniteStep}.`;
    return {
      kind: 'exploding-gradient',
      severity: nonFiniteStep === null ? 'warning' : 'error',
      layer,
      source: layout.source(layer),
      step: explosion.step,
      message: `Gradients explode (largest at ${explosion.largest.layer}): ${measurements.join('; ')}. ${outcome}`,
      evidence: {
        largestLayer: explosion.largest.layer,
        largestNorm: explosion.largest.norm,
        totalNorm: explosion.totalNorm,
        firstToOutputRatio: firstToOutput?.ratio ?? null,
        aboveMedianRatio: aboveMedian?.ratio ?? null,
        growthPerCheck: growth,
        nonFiniteStep,
        explodingRatio: this.thresholds.explodingRatio,
        explodingGrowthPerCheck: this.thresholds.explodingGrowthPerCheck,
      },
      fixes: explodingFixes(fixTarget(layout, layer)),
      related: [],
    };
  }
}
