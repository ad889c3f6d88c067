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
 *  - overflow: training went non-finite after the model's gradient norm grew ≥ explodingOverflowGrowth× from its
 *    first measured step to its last finite one — growth too fast for two checks to see (a net that overflows
 *    within its first window).
 * The finding sits at the layer with the largest gradient when it is raised and stays there. It becomes an error
 * when training goes non-finite right after the evidence: the growth ended in NaN/Inf.
 */
import type { Finding } from '../../core/findings.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { explodingFixes, fixTarget } from '../fixes.ts';
import { formatNumber } from '../../core/format.ts';
import { FindingLatches, type Conclusion } from '../hysteresis.ts';
import { layerGradientNorms } from '../../core/layer-statistics.ts';
import type { WindowEvent } from '../../core/events.ts';
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
  /** Growth from the first measured step to the last finite one, when training then overflowed. */
  overflow: { growth: number; fromStep: number; toStep: number } | null;
}

/** A group's whole gradient norm at one step, and the layer with the largest norm at that step. */
interface StepNorm {
  step: number;
  norm: number;
  largest: LayerGradient;
}

export class ExplodingGradientDetector implements Detector {
  private readonly latches: FindingLatches;
  private readonly previousNorm = new Map<string, number>();
  private readonly lastExplosion = new Map<string, Explosion>();
  /** Per group: the total norm just before a run of growth began; kept while the norm stays far above it. */
  private readonly beforeGrowth = new Map<string, number>();
  /** Per group: its whole gradient norm at the first step it was measured. */
  private readonly firstNorm = new Map<string, StepNorm>();
  /** Per group: its layers and its whole gradient norm at the latest finite step measured. */
  private readonly lastNorm = new Map<string, { group: ModelGradients; last: StepNorm }>();

  constructor(private readonly thresholds: Thresholds) {
    this.latches = FindingLatches.for('exploding', thresholds);
  }

  check({ window, gradients, layout, wentNonFiniteAt, lastStep }: WindowCheck): void {
    // Each group's whole norm per step, for the overflow rule: its first measured step and its latest finite one.
    const perLayer = layerGradientNorms(window);
    for (const group of gradients) {
      const { key } = group;
      const steps = stepNorms(window, perLayer, group, wentNonFiniteAt ?? Infinity);
      if (steps.length > 0) {
        if (!this.firstNorm.has(key)) this.firstNorm.set(key, steps[0]!);
        this.lastNorm.set(key, { group, last: steps.at(-1)! });
      }
      const explosion = this.explosion(group, lastStep);
      if (!explosion) {
        this.latches.noEvidence(key);
        continue;
      }
      this.lastExplosion.set(key, explosion);
      this.latches.evidence(key, (raised) => this.finding(explosion, raised, null, layout));
    }
    if (wentNonFiniteAt === null) return;
    // Groups whose last finite step lies in an earlier window count too: the overflow may open a window.
    for (const { group, last } of this.lastNorm.values()) this.checkOverflow(group, last, wentNonFiniteAt, layout);
    this.confirmByNonFinite(wentNonFiniteAt, layout);
  }

  conclude(why: Conclusion): void {
    this.latches.conclude(why);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  /** Growth from the first measured step to the last finite one, right before training overflowed. */
  private checkOverflow(group: ModelGradients, last: StepNorm, nonFiniteStep: number, layout: ModelLayout): void {
    const first = this.firstNorm.get(group.key);
    if (!first || first.norm <= 0 || last.step === first.step) return;
    const growth = last.norm / first.norm;
    if (growth < this.thresholds.explodingOverflowGrowth) return;
    const explosion: Explosion = {
      step: last.step,
      // Where the gradient was largest just before the overflow, not over the window (mostly healthy steps).
      largest: last.largest,
      totalNorm: last.norm,
      aboveOutput: null,
      growth: null,
      elevated: null,
      overflow: { growth, fromStep: first.step, toStep: last.step },
    };
    this.lastExplosion.set(group.key, explosion);
    this.latches.confirm(group.key, (raised) => this.finding(explosion, raised, nonFiniteStep, layout));
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
      overflow: null,
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
    const { aboveOutput, growth, overflow } = explosion;
    const measurements: string[] = [];
    if (overflow)
      measurements.push(
        `the model's gradient norm grew ${formatNumber(overflow.growth)}× from step ${overflow.fromStep} to step ${overflow.toStep}, to ${formatNumber(explosion.totalNorm)}`,
      );
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
    const headline = overflow
      ? `the norm grew ${formatNumber(overflow.growth)}× in ${overflow.toStep - overflow.fromStep} steps, then overflowed`
      : aboveOutput
        ? `${formatNumber(aboveOutput.ratio)}× the output layer's`
        : growth !== null
          ? `the norm grew ${formatNumber(growth)}× in one check`
          : `the norm stays ${formatNumber(explosion.elevated?.ratio ?? 0)}× its level before growing`;
    return {
      kind: 'exploding-gradient',
      severity: nonFiniteStep === null ? 'warning' : 'error',
      layer,
      source: layout.source(layer),
      step: explosion.step,
      message: `${layout.displayName(layer)}: gradients explode — ${headline}.`,
      detail: `Largest at ${explosion.largest.layer}: ${measurements.join('; ')}. ${outcome}`,
      evidence: {
        largestLayer: explosion.largest.layer,
        largestNorm: explosion.largest.norm,
        totalNorm: explosion.totalNorm,
        ratioToOutput: aboveOutput?.ratio ?? null,
        outputLayer: aboveOutput?.output.layer ?? null,
        growthPerCheck: growth,
        timesBeforeGrowth: explosion.elevated?.ratio ?? null,
        growthBeforeOverflow: overflow?.growth ?? null,
        growthFromStep: overflow?.fromStep ?? null,
        nonFiniteStep,
        explodingRatio: this.thresholds.explodingRatio,
        explodingGrowthPerCheck: this.thresholds.explodingGrowthPerCheck,
      },
      fixes: explodingFixes(fixTarget(layout, layer)),
      related: [],
    };
  }
}

/** The group's whole gradient norm at each step of the window before `stopStep` where every layer had one. */
function stepNorms(
  window: WindowEvent,
  perLayer: Map<string, (number | null)[]>,
  group: ModelGradients,
  stopStep: number,
): StepNorm[] {
  const series = group.layers.map(({ layer }) => perLayer.get(layer) ?? []);
  const norms: StepNorm[] = [];
  for (let index = 0; window.fromStep + index < Math.min(stopStep, window.toStep + 1); index++) {
    const values = series.map((norms) => norms[index]);
    if (values.some((value) => value === null || value === undefined)) continue;
    const finite = values as number[];
    const top = finite.indexOf(Math.max(...finite));
    const layer = group.layers[top]!;
    norms.push({
      step: window.fromStep + index,
      norm: Math.hypot(...finite),
      largest: { ...layer, norm: finite[top]!, steps: 1 },
    });
  }
  return norms;
}
