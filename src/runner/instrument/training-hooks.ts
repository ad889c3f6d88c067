/**
 * The patches through which ActLens sees training — Layer.apply, each registered layer's `call`, the optimizers'
 * `computeGradients` and `applyGradients`, LayersModel's `fit` and `fitDataset` — made in one place, so that they can
 * be taken off and put back whole. `npm run bench` does that to measure what watching costs inside one process
 * (bench/crossover.ts): steps with the hooks on and off in alternating blocks of a second or so meet the same machine,
 * where runs minutes apart do not (this VM runs a process at one of two speeds for minutes at a time).
 */
export class TrainingHooks {
  private readonly patches: Patch[] = [];
  private suspended = false;

  /** Puts `replacement` in `target[key]` (at once, or at `resume` while suspended). */
  patch<T extends object, K extends keyof T & string>(target: T, key: K, replacement: T[K]): void {
    const slots = target as unknown as Record<string, unknown>;
    const inherited = !Object.prototype.hasOwnProperty.call(target, key);
    this.patches.push({ slots, key, original: inherited ? null : slots[key], replacement });
    if (!this.suspended) slots[key] = replacement;
  }

  /**
   * Every patch off. An own method is put back, the last patch first, so that a slot patched twice gets its first
   * original back; then an inherited one is taken from the prototypes, restored by then — as the object's own
   * property: deleting a property puts a V8 object in its slow, dictionary mode for good.
   */
  suspend(): void {
    if (this.suspended) return;
    this.suspended = true;
    const patches = [...this.patches].reverse();
    for (const { slots, key, original } of patches) if (original !== null) slots[key] = original;
    for (const { slots, key, original } of patches)
      if (original === null) slots[key] = (Object.getPrototypeOf(slots) as Record<string, unknown>)[key];
  }

  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    for (const { slots, key, replacement } of this.patches) slots[key] = replacement;
  }
}

interface Patch {
  slots: Record<string, unknown>;
  key: string;
  /** What the slot held as the target's own property; null where the target inherited it. */
  original: unknown;
  replacement: unknown;
}
