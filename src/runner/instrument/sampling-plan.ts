/**
 * How closely ActLens watches training, so that its own cost stays within the overhead budget. Two costs, two knobs:
 * - per watched step (cloning the step's gradients and layer outputs, each layer's NaN/Inf check): the plan keeps
 *   the gradients of one step in every `cadence` steps and watches layer outputs as often, but at least once a window.
 *   A cadence is a divisor of the window's length — 1, 2, 4, 5, 10, 20 for windows of 20 steps, so that every window
 *   holds as many watched steps — and then 2, 4 … WIDEST_WINDOWS whole windows (the gradients only). A cadence that
 *   did not divide the window, 16 steps in windows of 20, left some windows without a watched step, and so without
 *   activation statistics. The loss is read at every step whatever the cadence; a fault at an unwatched step shows at
 *   the next step that reads it (a NaN gradient makes the weights, then the loss, NaN).
 * - per read-back (reducing what was kept, reading it back, decoding and writing the windows): the plan reads back
 *   every `readEvery` windows — 1, 2, 4 … as long as a read-back still comes at least every READ_LATENCY_MS, so a
 *   fault still reaches the editor within a second.
 * The plan aims at TARGET_SHARE of the budget, half for each knob: its meter sees ActLens's own work, not what that
 * work costs the training around it (the hooks' calls, garbage collection, memory). Evidence is front-loaded: the first window is watched at every step and read back
 * at once, since faults show early; the plan relaxes while the costs exceed the budget and tightens again when well
 * under. Anything that looks like trouble — a non-finite value, a rising gradient norm or loss, a growing dead
 * share — makes it watch every step, and read back every window, for the next two windows.
 *
 * Watched steps are spread at random within their blocks of `cadence` steps (one per block), never at a fixed
 * stride: a script that alternates steps (a GAN's discriminator and generator, or five critic steps per generator
 * step) would otherwise have only one kind of step watched.
 */
import type { WindowCost } from './overhead-meter.ts';

/** The longest the plan lets findings wait for a read-back, whatever the budget (the first-diagnostic target is 1 s). */
export const READ_LATENCY_MS = 500;
/** The share of the budget the plan aims at, leaving the rest for the costs its meter cannot see. */
const TARGET_SHARE = 0.6;
/** Under this share of its half of the target, a knob is turned back towards closer watching. */
const TIGHTEN_BELOW = 0.25;
/**
 * At most this many windows per step whose gradients are kept; layer outputs are watched at least once a window
 * (dead units need a few hundred samples, drift a window's statistics: fewer would delay their findings).
 */
const WIDEST_WINDOWS = 4;
/** Read-back cycles over budget at the widest settings, in a row, before the plan says it cannot keep the budget. */
const OVER_CYCLES = 3;
/** Windows watched at every step after an alarm. */
const ALARM_WINDOWS = 2;
/**
 * The wall time of a window the over-budget note suggests: its per-window costs (outputs watched once a window, the
 * window's close and event) then weigh less. Measured on the 29k MLP on wasm (2.7 ms steps): windows of 20 steps cost
 * it 1.019× in the benchmark's crossover, windows of 80 (~0.2 s) 1.012× (docs/performance.md).
 */
const SUGGESTED_WINDOW_MS = 200;

export interface PlanState {
  /** One step in every `cadence` is watched. */
  cadence: number;
  /** Windows per read-back. */
  readEvery: number;
  /** Why the budget cannot be kept even at the widest settings, once that is known. */
  overBudget: string | null;
}

/** The costs since the last read-back. */
interface Cycle {
  fromStep: number;
  windows: number;
  stepMs: number;
  readMs: number;
  trainingMs: number;
}

export class SamplingPlan {
  private watchEvery = 1;
  private readEvery = 1;
  /** The cadences the plan moves between, ascending (see the comment at the top). */
  private readonly cadences: number[];
  private denseThrough: number;
  private overBudget: string | null = null;
  private overCycles = 0;
  private cycle: Cycle = { fromStep: 1, windows: 0, stepMs: 0, readMs: 0, trainingMs: 0 };

  /** `budget`: ActLens's own time as a share of the training's (0.01: 1 %). */
  constructor(
    private readonly every: number,
    private readonly budget: number,
  ) {
    this.denseThrough = every;
    this.cadences = cadencesFor(every);
  }

  /** Whether step `step` is watched: its gradients and its layers' outputs (NaN/Inf, statistics). */
  watches(step: number): boolean {
    return this.picks(step, Math.min(this.watchEvery, this.every));
  }

  /**
   * Whether the gradients of step `step` are kept, on a tight budget more rarely than its layers' outputs: the
   * dead-unit evidence needs a few hundred samples, drift a window's statistics, where the gradient-norm checks
   * compare medians over several windows.
   */
  watchesGradients(step: number): boolean {
    return this.picks(step, this.watchEvery);
  }

  /** One step in each block of `cadence`, at a place in the block that varies from block to block. */
  private picks(step: number, cadence: number): boolean {
    if (step <= this.denseThrough || cadence === 1) return true;
    const block = Math.floor((step - 1) / cadence);
    return (step - 1) % cadence === scatter(block) % cadence;
  }

  /** The window that ended at `step` cost `cost`. Returns whether to read back now; adapts when it does. */
  closeWindow(cost: WindowCost, step: number): boolean {
    const cycle = this.cycle;
    cycle.windows++;
    cycle.stepMs += cost.ownMs - cost.readMs;
    cycle.readMs += cost.readMs;
    cycle.trainingMs += cost.wallMs - cost.ownMs;
    if (step < this.denseThrough) return true;
    if (cycle.windows < this.readEvery) return false;
    this.adapt(cycle, step);
    this.cycle = { fromStep: step + 1, windows: 0, stepMs: 0, readMs: 0, trainingMs: 0 };
    return true;
  }

  /** Something looks wrong at `step`: watch every step, and read back every window, through the next ALARM_WINDOWS windows. */
  alarm(step: number): void {
    this.watchEvery = 1;
    this.readEvery = 1;
    this.denseThrough = Math.max(this.denseThrough, step + ALARM_WINDOWS * this.every);
  }

  get state(): PlanState {
    return { cadence: this.watchEvery, readEvery: this.readEvery, overBudget: this.overBudget };
  }

  private adapt(cycle: Cycle, step: number): void {
    if (cycle.trainingMs <= 0) return;
    const half = (this.budget * TARGET_SHARE) / 2;
    const stepShare = cycle.stepMs / cycle.trainingMs;
    const readShare = cycle.readMs / cycle.trainingMs;
    // Relaxed at once by as much as the costs say (they scale with the steps watched, the windows read), tightened
    // one cadence, or one halving, at a time.
    const cadences = this.cadences;
    if (stepShare > half)
      this.watchEvery = cadences.find((cadence) => cadence >= (this.watchEvery * stepShare) / half) ?? cadences.at(-1)!;
    else if (stepShare < half * TIGHTEN_BELOW && this.watchEvery > 1)
      this.watchEvery = cadences[cadences.indexOf(this.watchEvery) - 1]!;
    const windowMs = cycle.trainingMs / cycle.windows;
    const mostWindows = Math.max(1, 2 ** Math.floor(Math.log2(READ_LATENCY_MS / windowMs)));
    if (readShare > half) this.readEvery = this.readEvery * widening(readShare / half);
    else if (readShare < half * TIGHTEN_BELOW && this.readEvery > 1) this.readEvery /= 2;
    // Never beyond the latency, also when the windows have become slower.
    this.readEvery = Math.min(this.readEvery, mostWindows);
    const canReadLess = this.readEvery < mostWindows;
    const widest = this.watchEvery === cadences.at(-1);
    const stuck = (stepShare <= half || widest) && (readShare <= half || !canReadLess);
    // Said only when the widest settings cost too much in OVER_CYCLES cycles running, none paying for dense windows
    // (their read-back lands in the window after them) — the first cycles also pay for compiling ActLens's code.
    if (cycle.fromStep <= this.denseThrough + this.every) return;
    this.overCycles = stuck && stepShare + readShare > this.budget ? this.overCycles + 1 : 0;
    if (this.overCycles >= OVER_CYCLES) this.overBudget ??= this.overBudgetReason(cycle, step, windowMs);
  }

  /** `windowMs`: the training time of one of the cycle's windows. */
  private overBudgetReason(cycle: Cycle, step: number, windowMs: number): string {
    const steps = Math.max(1, step - cycle.fromStep + 1);
    const stepMs = cycle.trainingMs / steps;
    const ownMs = (cycle.stepMs + cycle.readMs) / steps;
    const longer = Math.max(2, Math.ceil(SUGGESTED_WINDOW_MS / windowMs));
    return (
      `a training step takes ${stepMs.toFixed(2)} ms and watching it costs ${ownMs.toFixed(3)} ms per step even when ` +
      `keeping the gradients of one step in ${this.watchEvery}, watching layer outputs ` +
      `${this.watchEvery >= this.every ? 'once a window' : `at one step in ${this.watchEvery}`} and reading back every ` +
      `${this.readEvery === 1 ? 'window' : `${this.readEvery} windows`} ` +
      `(--every ${this.every}, setting actlens.every); longer windows spread that cost thinner: --every ` +
      `${this.every * longer} makes them about ${Number((windowMs * longer).toPrecision(2))} ms`
    );
  }
}

/** The power of two that brings a cost `factor` times its share of the budget back within it. */
function widening(factor: number): number {
  return 2 ** Math.max(1, Math.ceil(Math.log2(factor)));
}

/** The divisors of `every`, then 2, 4 … WIDEST_WINDOWS windows: 1, 2, 4, 5, 10, 20, 40, 80 for every = 20. */
function cadencesFor(every: number): number[] {
  const divisors = Array.from({ length: every }, (_, i) => i + 1).filter((steps) => every % steps === 0);
  const windows = Array.from({ length: Math.log2(WIDEST_WINDOWS) }, (_, i) => every * 2 ** (i + 1));
  return [...divisors, ...windows];
}

/** A fixed pseudo-random number for `block` (a 32-bit integer hash): where in its block the watched step lies. */
function scatter(block: number): number {
  let x = Math.imul(block ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
