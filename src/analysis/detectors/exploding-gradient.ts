/**
 * exploding-gradient: gradients large enough to make updates overshoot, judged per model — per group of layers
 * updated together (ModelGradients), so a GAN's generator and discriminator are judged apart. Either rule suffices:
 *  - AUTOTRAINER's ratio, applied to every layer against the model's output layer (the last layer with
 *    gradients): ‖g_layer‖ / ‖g_output‖ ≥ explodingRatio. For the first layer this is exactly AUTOTRAINER's
 *    first/last rule. (Comparing against the median layer instead misfires on vanishing nets, where the output
 *    layer towers over a median that has vanished.)
 *  - sustained growth: the model's whole gradient norm grew ≥ explodingGrowthPerCheck× since the previous check
 *    (the hysteresis turns "per check" into "over several checks");
 *  - still exploded: after growth, the norm stays ≥ explodingGrowthPerCheck^explodingRaiseAfterChecks × its level
 *    before the growth began. A gradient that stopped growing at a million times its old size has not recovered.
 * The finding sits at the layer with the largest gradient when it is raised and stays there. It becomes an error
 * when training goes non-finite right after the evidence: the growth ended in NaN/Inf.
 */
import type { Finding } from '../../core/findings.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { explodingFixes, fixTarget } from '../fixes.ts';
import { formatNumber } from '../../core/format.ts';
import { FindingLatches } from '../hysteresis.ts';
import type { ModelLayout } from '../../core/model-layout.ts';
import type { Thresholds } from '../../core/thresholds.ts';
import type { LayerGradient, ModelGradients } from '../window-gradients.ts';

interface Explosion {
  step: number;
  largest: LayerGradient;
  totalNorm: number;
  /** The layer furthest above the output layer, when it reached the ratio. */
  aboveOutput: { layer: LayerGradient; output: LayerGradient; ratio: number } | null;
  /** Growth of the whole gradient norm since the previous check, when it reached the threshold. */
  growth: number | null;
  /** The norm over its level before the growth began, while it stays exploded. */
  elevated: { ratio: number; before: number } | null;
}

export class ExplodingGradientDetector implements Detector {
  private readonly latches: FindingLatches;
  private readonly previousNorm = new Map<string, number>();
  private readonly lastExplosion = new Map<string, Explosion>();
  /** Per group: the total norm just before a run of growth began; kept while the norm stays far above it. */
  private readonly beforeGrowth = new Map<string, number>();

  constructor(private readonly thresholds: Thresholds) {
    this.latches = FindingLatches.for('exploding', thresholds);
  }

  check({ window, gradients, layout, wentNonFiniteAt }: WindowCheck): void {
    for (const group of gradients) {
      const { key } = group;
      const explosion = this.explosion(group, window.toStep);
      if (!explosion) {
        this.latches.noEvidence(key);
        continue;
      }
      this.lastExplosion.set(key, explosion);
      this.latches.evidence(key, (raised) => this.finding(explosion, raised, null, layout));
    }
    if (wentNonFiniteAt !== null) this.confirmByNonFinite(wentNonFiniteAt, layout);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  private explosion({ key, layers }: ModelGradients, step: number): Explosion | undefined {
    const { explodingRatio, explodingGrowthPerCheck } = this.thresholds;
    const output = layers[layers.length - 1];
    const totalNorm = Math.hypot(...layers.map((layer) => layer.norm));
    const previous = this.previousNorm.get(key);
    this.previousNorm.set(key, totalNorm);

    const largest = layers.reduce((a, b) => (b.norm > a.norm ? b : a));
    const upstream = layers.slice(0, -1);
    const largestUpstream = upstream.length > 0 ? upstream.reduce((a, b) => (b.norm > a.norm ? b : a)) : undefined;
    // A ratio against a zero output gradient says nothing about explosion.
    const ratio = largestUpstream && output.norm > 0 ? largestUpstream.norm / output.norm : 0;
    const growth = previous ? totalNorm / previous : 0;
    if (growth >= explodingGrowthPerCheck && previous !== undefined && !this.beforeGrowth.has(key))
      this.beforeGrowth.set(key, previous);
    const before = this.beforeGrowth.get(key);
    const elevatedRatio = before !== undefined && before > 0 ? totalNorm / before : 0;
    const stillExploded = elevatedRatio >= explodingGrowthPerCheck ** this.thresholds.explodingRaiseAfterChecks;
    if (before !== undefined && !stillExploded && growth < explodingGrowthPerCheck) this.beforeGrowth.delete(key);
    const explosion: Explosion = {
      step,
      largest,
      totalNorm,
      aboveOutput: largestUpstream && ratio >= explodingRatio ? { layer: largestUpstream, output, ratio } : null,
      growth: growth >= explodingGrowthPerCheck ? growth : null,
      elevated: stillExploded && before !== undefined ? { ratio: elevatedRatio, before } : null,
    };
    return explosion.aboveOutput || explosion.growth || explosion.elevated ? explosion : undefined;
  }

  /** NaN/Inf right after exploding evidence: the growth ended in overflow, which makes it an error at once. */
  private confirmByNonFinite(step: number, layout: ModelLayout): void {
    for (const [key, explosion] of this.lastExplosion) {
      if (this.latches.streak(key) === 0 && !this.latches.raised(key)) continue;
      this.latches.confirm(key, (raised) => this.finding(explosion, raised, step, layout));
    }
  }

  private finding(
    explosion: Explosion,
    raised: Finding | undefined,
    nonFiniteStep: number | null,
    layout: ModelLayout,
  ): Finding {
    const layer = raised?.layer ?? explosion.largest.layer;
    const { aboveOutput, growth } = explosion;
    const measurements: string[] = [];
    if (aboveOutput) {
      measurements.push(
        `${aboveOutput.layer.layer}'s gradient norm (${formatNumber(aboveOutput.layer.norm)}) is ${formatNumber(aboveOutput.ratio)}× ` +
          `the output layer's (${aboveOutput.output.layer}: ${formatNumber(aboveOutput.output.norm)})`,
      );
    }
    if (growth !== null)
      measurements.push(
        `the model's gradient norm grew ${formatNumber(growth)}× since the previous check, to ${formatNumber(explosion.totalNorm)}`,
      );
    else if (explosion.elevated) {
      measurements.push(
        `the model's gradient norm is ${formatNumber(explosion.totalNorm)}, ${formatNumber(explosion.elevated.ratio)}× its ${formatNumber(explosion.elevated.before)} before it began to grow`,
      );
    }
    const outcome =
      nonFiniteStep === null
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
        ratioToOutput: aboveOutput?.ratio ?? null,
        outputLayer: aboveOutput?.output.layer ?? null,
        growthPerCheck: growth,
        timesBeforeGrowth: explosion.elevated?.ratio ?? null,
        nonFiniteStep,
        explodingRatio: this.thresholds.explodingRatio,
        explodingGrowthPerCheck: this.thresholds.explodingGrowthPerCheck,
      },
      fixes: explodingFixes(fixTarget(layout, layer)),
      related: [],
    };
  }
}
