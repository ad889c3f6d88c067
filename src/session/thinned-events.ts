/**
 * A run's events as a display keeps them, in bounded memory. Everything but `window` events is kept; once
 * more than `maxWindows` windows have arrived, every other window of the older half is dropped, so a long
 * run keeps a time series that is dense recently and sparser further back (charts draw across the gaps).
 * Analysis never sees this list: it reads the full stream as it arrives.
 */
import type { RunnerEvent } from '../core/events.ts';

export const DEFAULT_MAX_WINDOWS = 256;

export class ThinnedEvents {
  private list: RunnerEvent[] = [];
  private windows = 0;
  /** Increases whenever earlier events were dropped: a consumer holding a position must start over. */
  revision = 0;

  constructor(private readonly maxWindows = DEFAULT_MAX_WINDOWS) {}

  get events(): readonly RunnerEvent[] {
    return this.list;
  }

  push(event: RunnerEvent): void {
    this.list.push(event);
    if (event.type !== 'window' || ++this.windows <= this.maxWindows) return;
    let seen = 0;
    const olderHalf = Math.floor(this.windows / 2);
    this.list = this.list.filter((kept) => kept.type !== 'window' || ++seen > olderHalf || seen % 2 === 1);
    this.windows = this.list.filter((kept) => kept.type === 'window').length;
    this.revision++;
  }
}
