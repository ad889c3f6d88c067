/**
 * activation-drift: a layer's output distribution moving away from where it started, or — for SELU — away from
 * the self-normalising fixed point.
 *  - Baseline drift (info): the layer's baseline is the average mean and variance of its first
 *    driftBaselineChecks checks. Drift is |mean − baseline mean| > driftMeanShiftInStd × baseline std, or a
 *    variance ratio to the baseline outside [1/driftVarianceRatio, driftVarianceRatio].
 *  - SELU fixed point (warning): std outside [seluStdMin, seluStdMax] (TheDeepChecker) or |mean| > seluMeanMax.
 *    Needs no baseline: a SELU net with Glorot weights or plain dropout can be off the fixed point from step 1.
 * Left out: layers without an activation of their own (Flatten, Dropout, normalisation mirror their input),
 * output layers (their distribution is what the loss shapes), ReLU layers with dead units (dead-units
 * explains the change), and activations whose mean is fixed by construction (softmax: 1/n, whatever it learns).
 */
import type { ActivationStats, LayerEvent } from '../../core/events.ts';
import type { Finding } from '../../core/findings.ts';
import { SELU_ALPHA, SELU_LAMBDA, hasMeanFixedByConstruction, isSelu } from '../../core/activations.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { driftFixes, fixTarget } from '../fixes.ts';
import { formatChange, formatNumber } from '../../core/format.ts';
import { FindingLatches, type Conclusion } from '../hysteresis.ts';
import type { ModelLayout } from '../../core/model-layout.ts';
import type { Thresholds } from '../../core/thresholds.ts';
import type { DeadUnitsLookup } from './dead-units.ts';

interface Moments {
  mean: number;
  variance: number;
}

interface Baseline {
  samples: Moments[];
  /** Set once driftBaselineChecks samples are in. */
  ready: Moments | null;
}

interface Drift {
  moments: Moments;
  baseline: Moments | null;
  /** (mean − baseline mean) / baseline std. */
  meanShift: number | null;
  varianceRatio: number | null;
  /** The mean moved more than driftMeanShiftInStd baseline std. */
  meanDrifted: boolean;
  /** The variance left [1/driftVarianceRatio, driftVarianceRatio] × the baseline's. */
  varianceDrifted: boolean;
  /** SELU layer off its fixed point. */
  offFixedPoint: boolean;
}

export class ActivationDriftDetector implements Detector {
  private readonly baselines = new Map<string, Baseline>();
  private readonly latches: FindingLatches;

  constructor(
    private readonly thresholds: Thresholds,
    private readonly deadUnits: DeadUnitsLookup,
  ) {
    this.latches = FindingLatches.for('drift', thresholds);
  }

  check({ activations, layout, lastStep }: WindowCheck): void {
    for (const stats of activations) {
      const layer = layout.layer(stats.layer);
      const moments = momentsOf(stats);
      if (!this.applies(layer, layout) || !moments) continue;
      const baseline = this.baseline(layer.name, moments);
      if (!baseline && !isSelu(layer.activation)) continue;
      const drift = this.drift(layer, moments, baseline);
      if (drift.meanDrifted || drift.varianceDrifted || drift.offFixedPoint)
        this.latches.evidence(layer.name, () => this.finding(layer, drift, lastStep, layout));
      else this.latches.noEvidence(layer.name);
    }
  }

  conclude(why: Conclusion): void {
    this.latches.conclude(why);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  private applies(layer: LayerEvent | undefined, layout: ModelLayout): layer is LayerEvent {
    return (
      !!layer?.activation &&
      !hasMeanFixedByConstruction(layer.activation) &&
      !layout.isOutput(layer.name) &&
      !this.hasDeadUnits(layer.name)
    );
  }

  private hasDeadUnits(layer: string): boolean {
    return (this.deadUnits.deadShare(layer) ?? 0) >= this.thresholds.deadUnitsWarnFraction;
  }

  /** Collects the first checks into the baseline; returns the baseline once complete (never the check that completes it). */
  private baseline(layer: string, moments: Moments): Moments | null {
    const baseline = this.baselines.get(layer) ?? { samples: [], ready: null };
    this.baselines.set(layer, baseline);
    if (baseline.ready) return baseline.ready;
    baseline.samples.push(moments);
    if (baseline.samples.length >= this.thresholds.driftBaselineChecks) {
      const average = (pick: (sample: Moments) => number) =>
        baseline.samples.reduce((sum, sample) => sum + pick(sample), 0) / baseline.samples.length;
      baseline.ready = { mean: average((sample) => sample.mean), variance: average((sample) => sample.variance) };
    }
    return null;
  }

  private drift(layer: LayerEvent, moments: Moments, baseline: Moments | null): Drift {
    const { driftMeanShiftInStd, driftVarianceRatio, seluStdMin, seluStdMax, seluMeanMax } = this.thresholds;
    // A baseline without spread (e.g. constant outputs) has no scale to measure drift against.
    const scaled = baseline && baseline.variance > 0 ? baseline : null;
    const meanShift = scaled ? (moments.mean - scaled.mean) / Math.sqrt(scaled.variance) : null;
    const varianceRatio = scaled ? moments.variance / scaled.variance : null;
    const std = Math.sqrt(moments.variance);
    return {
      moments,
      baseline,
      meanShift,
      varianceRatio,
      meanDrifted: meanShift !== null && Math.abs(meanShift) > driftMeanShiftInStd,
      varianceDrifted:
        varianceRatio !== null && (varianceRatio > driftVarianceRatio || varianceRatio < 1 / driftVarianceRatio),
      offFixedPoint:
        isSelu(layer.activation) && (std < seluStdMin || std > seluStdMax || Math.abs(moments.mean) > seluMeanMax),
    };
  }

  private finding(layer: LayerEvent, drift: Drift, step: number, layout: ModelLayout): Finding {
    const { moments, baseline } = drift;
    const target = fixTarget(layout, layer.name);
    const dropoutAfter = drift.offFixedPoint ? target.dropoutAfter : undefined;
    const name = layout.displayName(layer.name);
    return {
      kind: 'activation-drift',
      severity: drift.offFixedPoint ? 'warning' : 'info',
      layer: layer.name,
      source: layer.source,
      step,
      message: drift.offFixedPoint
        ? `${name}: SELU off its fixed point — mean ${formatNumber(moments.mean)}, std ${formatNumber(Math.sqrt(moments.variance))} (wants 0 and 1).`
        : `${name}: activations drifted from their early-training ${drift.meanDrifted ? 'mean' : 'variance'}.`,
      detail: drift.offFixedPoint ? this.fixedPointDetail(layer, moments, dropoutAfter) : baselineDetail(layer, drift),
      evidence: {
        mean: moments.mean,
        variance: moments.variance,
        std: Math.sqrt(moments.variance),
        baselineMean: baseline?.mean ?? null,
        baselineVariance: baseline?.variance ?? null,
        meanShiftInBaselineStd: drift.meanShift,
        varianceRatio: drift.varianceRatio,
        offSeluFixedPoint: drift.offFixedPoint,
        ...(isSelu(layer.activation)
          ? {
              seluStdBand: [this.thresholds.seluStdMin, this.thresholds.seluStdMax],
              seluMeanMax: this.thresholds.seluMeanMax,
            }
          : {}),
      },
      // Off the fixed point, the fixes are the SELU set-up's own (the cause attribution adds them).
      fixes: drift.offFixedPoint ? [] : driftFixes(target),
      related: dropoutAfter
        ? [
            {
              message: 'Plain Dropout after a SELU layer breaks its fixed point; SELU needs alphaDropout.',
              layer: dropoutAfter.name,
              source: dropoutAfter.source,
            },
          ]
        : [],
    };
  }

  private fixedPointDetail(layer: LayerEvent, moments: Moments, dropoutAfter: LayerEvent | undefined): string {
    const initializer = layer.config.kernelInitializer;
    const causes = [
      initializer && !/^lecun/i.test(initializer) ? `it is initialised with ${initializer}, not leCunNormal` : null,
      dropoutAfter ? `it is followed by plain Dropout (${dropoutAfter.name}), not alphaDropout` : null,
    ].filter((cause): cause is string => cause !== null);
    const { seluStdMin, seluStdMax, seluMeanMax } = this.thresholds;
    return (
      `Its mean is ${formatNumber(moments.mean)} and its std ${formatNumber(Math.sqrt(moments.variance))}, variance ${formatNumber(moments.variance)} instead of 1 ` +
      `(accepted: std ${seluStdMin}–${seluStdMax}, |mean| ≤ ${seluMeanMax}). ` +
      `SELU (α ≈ ${SELU_ALPHA.toFixed(4)}, λ ≈ ${SELU_LAMBDA.toFixed(4)}) keeps activations — and with them gradients — normalised only with leCunNormal ` +
      `weights, standardised inputs and alphaDropout${causes.length > 0 ? `; here ${causes.join(', and ')}` : ''}.`
    );
  }
}

function momentsOf(stats: ActivationStats): Moments | null {
  return stats.mean === null || stats.variance === null ? null : { mean: stats.mean, variance: stats.variance };
}

/** Names only the moments that drifted, each change with the digits that make it visible. */
function baselineDetail(layer: LayerEvent, drift: Drift): string {
  const { moments, baseline, meanShift, varianceRatio } = drift;
  const parts: string[] = [];
  if (baseline && meanShift !== null && drift.meanDrifted) {
    const [from, to] = formatChange(baseline.mean, moments.mean);
    parts.push(
      `mean ${meanShift >= 0 ? 'rose' : 'fell'} from ${from} to ${to} (${meanShift >= 0 ? '+' : ''}${formatNumber(meanShift)} baseline std)`,
    );
  }
  if (baseline && varianceRatio !== null && drift.varianceDrifted) {
    const change =
      varianceRatio >= 1 ? `grew ${formatNumber(varianceRatio)}×` : `shrank to 1/${formatNumber(1 / varianceRatio)}`;
    const [from, to] = formatChange(baseline.variance, moments.variance);
    parts.push(`variance ${change} (${from} → ${to})`);
  }
  return (
    `Its ${layer.activation} outputs drifted from their early-training baseline: ${parts.join(', ')}. ` +
    'The layers after it were fitted to inputs on the old scale and keep chasing a moving target; steady drift often comes before saturation or exploding activations.'
  );
}
