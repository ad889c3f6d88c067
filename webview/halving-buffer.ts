/**
 * A bounded sequence of buckets over an unbounded stream of items, for histories that must stay cheap
 * however long a run trains. While the stream fits, each bucket holds one item. When `capacity` buckets
 * are full, neighbours merge pairwise and every bucket from then on spans twice as many items, so the
 * buckets always cover the whole stream at an even resolution and memory never grows past `capacity`.
 */
export interface Bucket<T> {
  value: T;
  /** How many items were merged into this bucket. */
  items: number;
}

/** Folds `later` (the items just after `target`'s) into `target`, in place. */
export type MergeBuckets<T> = (target: Bucket<T>, later: Bucket<T>) => void;

export class HalvingBuffer<T> {
  private readonly buckets: Bucket<T>[] = [];
  /** Items per bucket at the current resolution. */
  private span = 1;
  private capacity = 2;

  constructor(
    capacity: number,
    private readonly merge: MergeBuckets<T>,
  ) {
    this.limit(capacity);
  }

  /** Changes the capacity; a smaller one halves the resolution until the buckets fit. */
  limit(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`capacity must be an integer ≥ 2, got ${capacity}`);
    this.capacity = capacity;
    while (this.buckets.length > capacity) this.halve();
  }

  add(value: T): void {
    const item = { value, items: 1 };
    const last = this.buckets.at(-1);
    if (last && last.items < this.span) {
      this.merge(last, item);
      last.items += 1;
      return;
    }
    if (this.buckets.length === this.capacity) this.halve();
    this.buckets.push(item);
  }

  get all(): readonly Bucket<T>[] {
    return this.buckets;
  }

  private halve(): void {
    let kept = 0;
    for (let index = 0; index < this.buckets.length; index += 2) {
      const target = this.buckets[index]!;
      const later = this.buckets[index + 1];
      if (later) {
        this.merge(target, later);
        target.items += later.items;
      }
      this.buckets[kept++] = target;
    }
    this.buckets.length = kept;
    this.span *= 2;
  }
}
