/**
 * Which training steps ActLens watches closely — each layer's NaN/Inf check of its outputs and the activation
 * statistics (the loss and every weight's gradient norm are read at every step: a NaN gradient with a finite loss
 * shows nowhere else) — so that its own cost stays within the overhead budget. Evidence is front-loaded: the first window
 * is watched at every step, since faults show early. After each window the plan compares ActLens's own time with
 * the steps' and doubles the cadence (every 2nd, 4th, … step) while over budget, halving it again when well under.
 * Anything that looks like trouble — a non-finite value, a rising gradient norm or loss, a growing dead share —
 * makes it watch every step again for the next two windows.
 *
 * The cadence never leaves a window with fewer than MIN_WATCHED_STEPS watched steps: the detectors' medians and the
 * dead-unit evidence need a few steps per window.
 */
import type { WindowCost } from './overhead-meter.ts';

export const MIN_WATCHED_STEPS = 4;
/** Under this share of the budget, the plan watches more closely again. */
const TIGHTEN_BELOW = 0.25;
/** Windows watched at every step after an alarm. */
const ALARM_WINDOWS = 2;

export interface PlanState {
  /** Every how many steps the plan watches. */
  cadence: number;
  /** Why the budget cannot be kept even at the widest cadence, once that is known. */
  overBudget: string | null;
}

export class SamplingPlan {
  private cadence = 1;
  private denseThrough: number;
  private readonly maxCadence: number;
  private overBudget: string | null = null;

  /** `budget`: ActLens's own time as a share of the training's (0.01: 1 %). */
  constructor(
    private readonly every: number,
    private readonly budget: number,
  ) {
    this.denseThrough = every;
    this.maxCadence = Math.max(1, Math.floor(every / MIN_WATCHED_STEPS));
  }

  /** Whether step `step` is watched closely (its layers' outputs: NaN/Inf, statistics). */
  watches(step: number): boolean {
    return step <= this.denseThrough || (step - 1) % this.cadence === 0;
  }

  /** The window that ended at `step` cost `cost`: relax or tighten for the windows after it. */
  adapt(cost: WindowCost, step: number): void {
    const trainingMs = cost.wallMs - cost.ownMs;
    if (trainingMs <= 0 || step < this.denseThrough) return;
    const share = cost.ownMs / trainingMs;
    if (share > this.budget) {
      if (this.cadence < this.maxCadence) this.cadence = Math.min(this.maxCadence, this.cadence * 2);
      else this.overBudget ??= overBudgetReason(cost, this.cadence, this.every);
    } else if (share < this.budget * TIGHTEN_BELOW && this.cadence > 1) {
      this.cadence = Math.max(1, Math.floor(this.cadence / 2));
    }
  }

  /** Something looks wrong at `step`: watch every step through the next ALARM_WINDOWS windows. */
  alarm(step: number): void {
    this.cadence = 1;
    this.denseThrough = Math.max(this.denseThrough, step + ALARM_WINDOWS * this.every);
  }

  get state(): PlanState {
    return { cadence: this.cadence, overBudget: this.overBudget };
  }
}

function overBudgetReason(cost: WindowCost, cadence: number, every: number): string {
  const stepMs = (cost.wallMs - cost.ownMs) / every;
  const ownMs = cost.ownMs / every;
  return (
    `a training step takes ${stepMs.toFixed(2)} ms and watching it costs ${ownMs.toFixed(3)} ms per step even when ` +
    `watching ${cadence === 1 ? 'every step' : `every ${cadence}th step`} (--every ${every}); a longer --every spreads that cost thinner`
  );
}
