/**
 * Rows of (x, one value per column) kept at a bounded resolution for line charts: at most `capacity`
 * buckets, each remembering per column the smallest and the largest value it merged, in the order they
 * occurred. A chart then draws each bucket as a stroke from one extreme to the other, so a spike (an
 * exploding gradient at one step among 20,000) stays visible however far the history is compressed.
 *
 * All columns share one x axis, as uPlot wants: a column added late (a layer built after training began)
 * is missing in the earlier rows, and a missing value is a gap in the chart.
 *
 * The bound is on points per chart, not per column: drawing cost grows with series × points, so a model with
 * 64 layers gets coarser buckets (each still a min–max stroke) than one with 3, and both redraw in a frame.
 */
import { HalvingBuffer, type Bucket } from './halving-buffer.ts';

interface Extremes {
  xFirst: number;
  xLast: number;
  /** Per column; NaN where the column had no value in any merged row. */
  min: number[];
  max: number[];
  /** Per column: whether the minimum occurred before the maximum. */
  minFirst: boolean[];
}

/** What a chart plots: x ascending, and per column a value (or null for a gap) at each x. */
export interface PlotColumns {
  x: number[];
  columns: ReadonlyMap<string, (number | null)[]>;
}

/** However many columns: buckets enough for a readable line, and no more than a wide chart has pixels. */
const MIN_BUCKETS = 32;
const MAX_BUCKETS = 1024;

export class MinMaxTable {
  private readonly buffer: HalvingBuffer<Extremes>;
  private readonly keys: string[] = [];
  private readonly indexOfKey = new Map<string, number>();
  private cached: PlotColumns | null = null;
  /** Changes whenever the table does, so a chart can skip redrawing an unchanged table. */
  revision = 0;

  /** `pointBudget`: at most this many values over all columns (a bucket plots two per column). */
  constructor(private readonly pointBudget: number) {
    this.buffer = new HalvingBuffer(this.bucketsPerColumn(), mergeExtremes);
  }

  /** The index of a column, added (missing in all earlier rows) the first time its key is seen. */
  column(key: string): number {
    let index = this.indexOfKey.get(key);
    if (index === undefined) {
      index = this.keys.push(key) - 1;
      this.indexOfKey.set(key, index);
      this.buffer.limit(this.bucketsPerColumn());
      this.cached = null;
      this.revision += 1;
    }
    return index;
  }

  private bucketsPerColumn(): number {
    const buckets = Math.floor(this.pointBudget / 2 / Math.max(1, this.keys.length));
    return Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, buckets));
  }

  get columnKeys(): readonly string[] {
    return this.keys;
  }

  get isEmpty(): boolean {
    return this.buffer.all.length === 0;
  }

  /** Appends a row; x must grow from row to row. `values[i]` belongs to column i; NaN or absent is missing. */
  append(x: number, values: ArrayLike<number>): void {
    const min = Array.from({ length: this.keys.length }, (_, index) => values[index] ?? Number.NaN);
    this.buffer.add({ xFirst: x, xLast: x, min, max: [...min], minFirst: min.map(() => true) });
    this.cached = null;
    this.revision += 1;
  }

  plotColumns(): PlotColumns {
    this.cached ??= this.computePlotColumns();
    return this.cached;
  }

  private computePlotColumns(): PlotColumns {
    const x: number[] = [];
    const columns = this.keys.map((): (number | null)[] => []);
    for (const { value: bucket } of this.buffer.all) {
      const twoRows = bucket.xLast !== bucket.xFirst;
      x.push(bucket.xFirst);
      if (twoRows) x.push(bucket.xLast);
      columns.forEach((values, index) => {
        const min = valueOrNull(bucket.min[index]);
        const max = valueOrNull(bucket.max[index]);
        const minFirst = bucket.minFirst[index] ?? true;
        values.push(minFirst ? min : max);
        if (twoRows) values.push(minFirst ? max : min);
      });
    }
    return { x, columns: new Map(this.keys.map((key, index) => [key, columns[index]!])) };
  }
}

function mergeExtremes(target: Bucket<Extremes>, later: Bucket<Extremes>): void {
  const a = target.value;
  const b = later.value;
  const width = Math.max(a.min.length, b.min.length);
  for (let index = 0; index < width; index += 1) {
    const aMin = a.min[index] ?? Number.NaN;
    const aMax = a.max[index] ?? Number.NaN;
    const bMin = b.min[index] ?? Number.NaN;
    const bMax = b.max[index] ?? Number.NaN;
    // Ties keep the earlier bucket's extreme, so the order flags stay truthful.
    const minFromA = !(bMin < aMin) && !Number.isNaN(aMin);
    const maxFromA = !(bMax > aMax) && !Number.isNaN(aMax);
    a.min[index] = minFromA ? aMin : bMin;
    a.max[index] = maxFromA ? aMax : bMax;
    if (minFromA === maxFromA) a.minFirst[index] = minFromA ? (a.minFirst[index] ?? true) : (b.minFirst[index] ?? true);
    else a.minFirst[index] = minFromA;
  }
  a.xLast = b.xLast;
}

function valueOrNull(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}
