/**
 * A run's events as a display keeps them, in bounded memory. The records a run repeats for as long as it
 * lasts (`window`, `progress`) are thinned, each kind on its own: once more than `maxWindows` of a kind have
 * arrived, every other one of the older half is dropped, so a long run keeps a time series that is dense
 * recently and sparser further back (charts draw across the gaps). Everything else is kept.
 * Analysis never sees this list: it reads the full stream as it arrives.
 */
import type { RunnerEvent } from '../core/events.ts';

export const DEFAULT_MAX_WINDOWS = 256;

type Periodic = 'window' | 'progress';
const isPeriodic = (type: RunnerEvent['type']): type is Periodic => type === 'window' || type === 'progress';

export class ThinnedEvents {
  private list: RunnerEvent[] = [];
  private readonly counts: Record<Periodic, number> = { window: 0, progress: 0 };
  /** Increases whenever earlier events were dropped: a consumer holding a position must start over. */
  revision = 0;

  constructor(private readonly maxWindows = DEFAULT_MAX_WINDOWS) {}

  get events(): readonly RunnerEvent[] {
    return this.list;
  }

  push(event: RunnerEvent): void {
    this.list.push(event);
    const kind = event.type;
    if (!isPeriodic(kind) || ++this.counts[kind] <= this.maxWindows) return;
    let seen = 0;
    const olderHalf = Math.floor(this.counts[kind] / 2);
    this.list = this.list.filter((kept) => kept.type !== kind || ++seen > olderHalf || seen % 2 === 1);
    this.counts[kind] = this.list.filter((kept) => kept.type === kind).length;
    this.revision++;
  }
}
