/**
 * Tells the session how far training got between windows: a `progress` record at the first step, then at
 * most once per interval. It reads nothing back from the backend and no clock of its own (it is handed the reading
 * the overhead meter took as the step's record began: inside a training step on a VM, a clock read costs 1–2 µs), so a
 * host knows the step count from the first step, and still knows it when a synchronous loop is killed before its
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

  /**
   * `time`: a monotonic clock reading in milliseconds (performance.now()'s). `now`: send a record at this step whatever
   * the interval (the end of the warm-up, where speed is measured from).
   */
  step(steps: number, time: number, now = false): void {
    if (!now && steps !== 1 && time - this.lastSent < PROGRESS_INTERVAL_MS) return;
    this.lastSent = time;
    this.sink.emit({ type: 'progress', steps, elapsedMs: Date.now() - this.startTime });
  }
}
