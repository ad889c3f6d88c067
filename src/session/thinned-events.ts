/**
 * A run's events in bounded memory, as a display and the event log keep them. The records a run repeats for
 * as long as it lasts (`window`, `progress`, and `epoch`: a script that calls `fit({ epochs: 1 })` in a loop
 * writes one per call) are thinned, each kind on its own: once more than `maxPerKind` of a kind have
 * arrived, every other one of the older half is dropped, so a long run keeps a time series that is dense
 * recently and sparser further back (charts draw across the gaps). Everything else is kept.
 * Analysis never sees this list: it reads the full stream as it arrives.
 */
import type { RunnerEvent } from '../core/events.ts';

export const DEFAULT_MAX_PER_KIND = 256;
/** What `shrink` goes down to: enough for a chart's shape. */
export const MIN_PER_KIND = 16;

const PERIODIC = ['window', 'progress', 'epoch'] as const;
type Periodic = (typeof PERIODIC)[number];
const isPeriodic = (type: RunnerEvent['type']): type is Periodic => (PERIODIC as readonly string[]).includes(type);

export class ThinnedEvents {
  private list: RunnerEvent[] = [];
  private readonly counts: Record<Periodic, number> = { window: 0, progress: 0, epoch: 0 };
  /** Increases whenever earlier events were dropped: a consumer holding a position must start over. */
  revision = 0;

  constructor(private maxPerKind = DEFAULT_MAX_PER_KIND) {}

  get events(): readonly RunnerEvent[] {
    return this.list;
  }

  push(event: RunnerEvent): void {
    this.list.push(event);
    const kind = event.type;
    if (isPeriodic(kind) && ++this.counts[kind] > this.maxPerKind) this.thin(kind);
  }

  /** Halves how many of each kind are kept (not below MIN_PER_KIND), thinning now; false when already there. */
  shrink(): boolean {
    if (this.maxPerKind <= MIN_PER_KIND) return false;
    this.maxPerKind = Math.max(MIN_PER_KIND, Math.floor(this.maxPerKind / 2));
    for (const kind of PERIODIC) while (this.counts[kind] > this.maxPerKind) this.thin(kind);
    return true;
  }

  private thin(kind: Periodic): void {
    let seen = 0;
    const olderHalf = Math.floor(this.counts[kind] / 2);
    this.list = this.list.filter((kept) => kept.type !== kind || ++seen > olderHalf || seen % 2 === 1);
    this.counts[kind] -= Math.floor(olderHalf / 2);
    this.revision++;
  }
}
