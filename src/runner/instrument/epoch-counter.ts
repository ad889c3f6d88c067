/**
 * Epoch numbers across fit()/fitDataset() calls on one model. tfjs numbers each call's epochs from its
 * `initialEpoch` (0 unless given), so a script that calls fit({epochs: 1}) once per epoch would log epoch 0 every
 * time. A call without `initialEpoch` continues where the model's previous call ended; a call with one is taken
 * at its word (tfjs then reports absolute epochs already).
 */
export class EpochCounter {
  /** Per model, the epoch its next call starts at. */
  private readonly next = new WeakMap<object, number>();

  /** For one fit call: maps the epoch tfjs reports to the run's epoch, and remembers it as done. */
  forCall(model: object, initialEpoch: unknown): (epoch: number) => number {
    const offset = initialEpoch == null ? (this.next.get(model) ?? 0) : 0;
    return (epoch) => {
      const counted = offset + epoch;
      this.next.set(model, counted + 1);
      return counted;
    };
  }
}
