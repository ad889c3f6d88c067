/**
 * ActLens's own time inside the training process, against the training's: what the overhead budget is kept with
 * and what every run reports. Each piece of instrumentation runs inside `measure`; nested pieces count once. The
 * wall clock of a window runs from the end of the previous window's last step to the end of its own last step, so
 * own time / (wall − own) is how much longer the steps took because ActLens watched them.
 *
 * On webgpu, kernels run asynchronously: what is measured there is ActLens's dispatch and read-back work on the
 * CPU, not GPU time its kernels take.
 */
export interface WindowCost {
  /** ActLens's own time during the window's steps. */
  ownMs: number;
  /** Wall time of the window's steps, ActLens's own included. */
  wallMs: number;
  /**
   * The part of `ownMs` spent reducing, reading back and decoding windows: a cost per read-back, which the plan
   * spreads over more windows, where the rest is a cost per watched step.
   */
  readMs: number;
}

export class OverheadMeter {
  private depth = 0;
  private enteredAt = 0;
  private ownMs = 0;
  private readMs = 0;
  private windowStart: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Times `work` as ActLens's own. */
  measure<T>(work: () => T): T {
    if (this.depth++ === 0) this.enteredAt = this.now();
    try {
      return work();
    } finally {
      // Before training starts there is no training to compare with: model building is the script's start-up.
      if (--this.depth === 0 && this.windowStart !== null) this.ownMs += this.now() - this.enteredAt;
    }
  }

  /** When the outermost `measure` now running began: a clock reading that work inside it can use instead of its own. */
  get stretchStart(): number {
    return this.enteredAt;
  }

  /** Times `work` as ActLens's own, and as read-back work (see WindowCost.readMs). */
  measureRead<T>(work: () => T): T {
    const started = this.now();
    try {
      return this.measure(work);
    } finally {
      if (this.windowStart !== null) this.readMs += this.now() - started;
    }
  }

  /** `ms` of wall time since the window began were no training ActLens watched: the window's wall clock skips them. */
  leaveOut(ms: number): void {
    if (this.windowStart !== null) this.windowStart += ms;
  }

  /** The first training step begins: the first window's wall clock starts here, not at the script's start. */
  startTraining(): void {
    this.windowStart ??= this.now();
  }

  /**
   * The cost of the steps since the last call, or since training started; then starts the next window. `endedAt`: when
   * the window's steps ended, where training has paused since (the pause is neither window's wall time).
   */
  takeWindow(endedAt?: number): WindowCost {
    const now = this.now();
    const wallMs = (endedAt ?? now) - (this.windowStart ?? now);
    // Time spent inside `measure` right now (the caller's) belongs to the window being closed.
    const ownMs = this.ownMs + (this.depth > 0 && this.windowStart !== null ? now - this.enteredAt : 0);
    const readMs = this.readMs;
    this.ownMs = 0;
    this.readMs = 0;
    if (this.depth > 0) this.enteredAt = now;
    this.windowStart = now;
    return { ownMs, wallMs, readMs };
  }
}
