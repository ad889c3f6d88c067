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

  step(steps: number): void {
    const now = Date.now();
    if (steps !== 1 && now - this.lastSent < PROGRESS_INTERVAL_MS) return;
    this.lastSent = now;
    this.sink.emit({ type: 'progress', steps, elapsedMs: now - this.startTime });
  }
}
