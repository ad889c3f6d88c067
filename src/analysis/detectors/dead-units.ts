/**
 * dead-units: ReLU-family units (channels, for convolutions) that output 0 for every sample of an evidence
 * window. Such a unit has zero derivative everywhere it is evaluated, so its incoming weights get no gradient
 * and it cannot recover by itself.
 *
 * Evidence window: consecutive runner windows, with their `everActive` flags OR-ed together, until they span at
 * least `deadUnitsMinSamples` samples and `deadUnitsMinSteps` steps — a unit silent for one small batch is not
 * dead. Each completed evidence window is one check for the hysteresis.
 */
import type { Finding } from '../../core/findings.ts';
import { isReluFamily } from '../../core/activations.ts';
import { DeadUnitEvidence, type DeadUnitWindow } from '../../core/dead-unit-evidence.ts';
import type { Detector, WindowCheck } from '../detector.ts';
import { deadUnitsFixes, fixTarget } from '../fixes.ts';
import { formatPercent, formatShare } from '../../core/format.ts';
import { FindingLatches, type Conclusion } from '../hysteresis.ts';
import type { ModelLayout } from '../../core/model-layout.ts';
import type { Thresholds } from '../../core/thresholds.ts';

/** What other detectors and the cause attribution ask about dead units. */
export interface DeadUnitsLookup {
  /** Share of the layer's units dead in its latest evidence window; undefined before there is one. */
  deadShare(layer: string): number | undefined;
}

interface UnitHistory {
  /** Per unit: active in some earlier evidence window. */
  everAlive: boolean[];
  /** Per unit: first step of the run of evidence windows in which it has been dead, else null. */
  deadSince: Array<number | null>;
}

export class DeadUnitsDetector implements Detector, DeadUnitsLookup {
  private readonly evidence: DeadUnitEvidence;
  private readonly histories = new Map<string, UnitHistory>();
  private readonly latestShare = new Map<string, number>();
  private readonly latches: FindingLatches;

  constructor(private readonly thresholds: Thresholds) {
    this.latches = FindingLatches.for('deadUnits', thresholds);
    this.evidence = new DeadUnitEvidence({
      samples: thresholds.deadUnitsMinSamples,
      steps: thresholds.deadUnitsMinSteps,
    });
  }

  check({ window, activations, layout, lastStep }: WindowCheck): void {
    for (const stats of activations) {
      if (!isReluFamily(layout.layer(stats.layer)?.activation)) continue;
      const evidence = this.evidence.add(stats, window.fromStep, lastStep);
      if (evidence) this.judge(stats.layer, evidence, layout);
    }
  }

  /**
   * Dead units in a completed evidence window need no confirmation once the run is over: the last window is the
   * state the run ended in, and it is what every table shows as the layer's dead share.
   */
  conclude(why: Conclusion): void {
    this.latches.conclude(why, () => true);
  }

  deadShare(layer: string): number | undefined {
    return this.latestShare.get(layer);
  }

  findings(): Finding[] {
    return this.latches.findings();
  }

  private judge(layer: string, evidence: DeadUnitWindow, layout: ModelLayout): void {
    const history = this.history(layer, evidence.active.length);
    const dead: number[] = [];
    evidence.active.forEach((active, unit) => {
      if (active > 0) {
        history.everAlive[unit] = true;
        history.deadSince[unit] = null;
      } else {
        dead.push(unit);
        history.deadSince[unit] ??= evidence.fromStep;
      }
    });
    const share = dead.length / evidence.active.length;
    this.latestShare.set(layer, share);
    if (share < this.thresholds.deadUnitsWarnFraction) {
      this.latches.noEvidence(layer);
      return;
    }
    const died = dead.filter((unit) => history.everAlive[unit]);
    const diedSinceStep =
      died.length > 0 ? Math.min(...died.map((unit) => history.deadSince[unit] ?? evidence.fromStep)) : null;
    const counts = {
      dead: dead.length,
      units: evidence.active.length,
      died: died.length,
      fromStart: dead.length - died.length,
      diedSinceStep,
    };
    this.latches.evidence(layer, () => this.finding(layer, evidence, counts, share, layout));
  }

  private finding(
    layer: string,
    evidence: DeadUnitWindow,
    counts: { dead: number; units: number; died: number; fromStart: number; diedSinceStep: number | null },
    share: number,
    layout: ModelLayout,
  ): Finding {
    const { deadUnitsWarnFraction, deadUnitsErrorFraction } = this.thresholds;
    const noun = /conv/i.test(layout.layer(layer)?.className ?? '') ? 'channels' : 'units';
    const { sampledFrom } = evidence;
    const judged = sampledFrom === null ? noun : `sampled ${noun}`;
    const ofLayer =
      sampledFrom === null ? '' : ` (a fixed sample of its ${sampledFrom.toLocaleString('en-US')} ${noun})`;
    return {
      kind: 'dead-units',
      severity: share >= deadUnitsErrorFraction ? 'error' : 'warning',
      layer,
      source: layout.source(layer),
      step: evidence.toStep,
      message: `${layout.displayName(layer)}: ${formatPercent(share)} of its ${noun} are dead — they output 0 for every sample.`,
      detail:
        `${formatShare(counts.dead, counts.units, judged)}${ofLayer} output 0 for all ${evidence.samples} samples ` +
        `of steps ${evidence.fromStep}–${evidence.toStep}, so ReLU's zero derivative gives their weights no gradient and they cannot recover. ` +
        `${origin(counts)} The layer works with ${formatPercent(1 - share)} of its capacity.`,
      evidence: {
        deadUnits: counts.dead,
        units: counts.units,
        sampledFrom,
        deadShare: share,
        deadFromStart: counts.fromStart,
        diedDuringTraining: counts.died,
        diedSinceStep: counts.diedSinceStep,
        samples: evidence.samples,
        steps: evidence.steps,
        fromStep: evidence.fromStep,
        toStep: evidence.toStep,
        warnShare: deadUnitsWarnFraction,
        errorShare: deadUnitsErrorFraction,
      },
      fixes: deadUnitsFixes(fixTarget(layout, layer)),
      related: [],
    };
  }

  private history(layer: string, units: number): UnitHistory {
    let history = this.histories.get(layer);
    // A layer rebuilt under the same name with another width starts a new history.
    if (!history || history.everAlive.length !== units) {
      history = { everAlive: Array<boolean>(units).fill(false), deadSince: Array<number | null>(units).fill(null) };
      this.histories.set(layer, history);
    }
    return history;
  }
}

/** Whether the units were dead from the start (initialisation) or died during training (dying ReLU). */
function origin(counts: { dead: number; died: number; fromStart: number; diedSinceStep: number | null }): string {
  if (counts.died === 0)
    return 'They were dead from the start — silent in the first evidence window — which points at the initialisation or the input scale.';
  const dying = `dying ReLU: active earlier, dead since step ${counts.diedSinceStep}, which usually means updates too large for this layer`;
  if (counts.fromStart === 0) return `They died during training (${dying}).`;
  return `${counts.fromStart} ${counts.fromStart === 1 ? 'was' : 'were'} dead from the start; ${counts.died} died during training (${dying}).`;
}
