/**
 * For one ReLU-family layer: which units were alive in each window, kept at a bounded resolution for the
 * units × time heat map. A bucket of merged windows stores per unit the share of those windows in which
 * the unit fired, so a unit that died half-way through a bucket shows as half alive rather than vanishing.
 */
import { HalvingBuffer, type Bucket } from './halving-buffer.ts';

export interface UnitColumn {
  fromStep: number;
  toStep: number;
  /** Per unit, the share of merged windows in which it was active at least once (0 = dead throughout). */
  alive: Float32Array;
}

export class UnitTimeline {
  private readonly buffer: HalvingBuffer<UnitColumn>;
  revision = 0;

  constructor(
    readonly units: number,
    capacity: number,
  ) {
    this.buffer = new HalvingBuffer(capacity, mergeColumns);
  }

  /** Adds one window's `everActive` (1 = fired at least once); units past `units` are ignored. */
  append(fromStep: number, toStep: number, everActive: readonly number[]): void {
    const alive = new Float32Array(this.units);
    for (let unit = 0; unit < this.units; unit += 1) alive[unit] = (everActive[unit] ?? 0) > 0 ? 1 : 0;
    this.buffer.add({ fromStep, toStep, alive });
    this.revision += 1;
  }

  get columns(): readonly UnitColumn[] {
    return this.buffer.all.map((bucket) => bucket.value);
  }
}

function mergeColumns(target: Bucket<UnitColumn>, later: Bucket<UnitColumn>): void {
  const total = target.items + later.items;
  const { alive } = target.value;
  for (let unit = 0; unit < alive.length; unit += 1) {
    alive[unit] = (alive[unit]! * target.items + later.value.alive[unit]! * later.items) / total;
  }
  target.value.toStep = later.value.toStep;
}
