/**
 * Tells the session how far training got between windows: a `progress` record at the first step, then at
 * most once per interval. It reads nothing back from the backend and costs a clock read per step, so a host
 * knows the step count from the first step, and still knows it when a synchronous loop is killed before its
 * first window.
 */
import type { EventSink } from './event-sink.ts';

/** Often enough for a live count, rare enough that a run of millions of steps logs one line a second. */
const PROGRESS_INTERVAL_MS = 1000;

export class ProgressReporter {
  private lastSent = -Infinity;

  constructor(
    private readonly sink: EventSink,
    private readonly startTime: number,
  ) {}

  /** `now`: send a record at this step whatever the interval (the end of the warm-up, where speed is measured from). */
  step(steps: number, now = false): void {
    const time = Date.now();
    if (!now && steps !== 1 && time - this.lastSent < PROGRESS_INTERVAL_MS) return;
    this.lastSent = time;
    this.sink.emit({ type: 'progress', steps, elapsedMs: time - this.startTime });
  }
}
