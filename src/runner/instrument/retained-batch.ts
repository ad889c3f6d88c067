/**
 * Cheap per-step capture, batched reduction. Cloning a tensor only adds a reference to its data (a few
 * microseconds on every backend), while each reduction kernel costs tens of microseconds of dispatch on
 * wasm/cpu. So the training step only clones what it wants to measure; the reductions run once per batch
 * of steps, over all of them at once. A byte budget bounds the memory the clones keep alive: past it,
 * the batch is reduced early.
 */
import type { Tensor, Tf } from './tfjs-types.ts';

/**
 * Memory the clones of one retainer may keep alive before they are reduced early: the backend's heap grows by what is
 * kept (wasm's never shrinks), and more than this saves little of the reductions' cost.
 */
export const RETAINED_BYTES_BUDGET = 16 * 1024 * 1024;

export class RetainedBatch<Key> {
  private readonly retained = new Map<Key, { steps: number[]; tensors: Tensor[] }>();
  private bytes = 0;

  constructor(
    private readonly tf: Tf,
    private readonly reduce: (key: Key, steps: number[], tensors: Tensor[]) => void,
  ) {}

  /** Keeps a reference to `tensor` for step `step`; the caller's tensor stays the caller's. */
  add(key: Key, step: number, tensor: Tensor): void {
    this.adopt(key, step, this.tf.keep(tensor.clone()));
  }

  /** Takes over `kept`, a tensor already kept for the retainer alone: no clone (a kernel call) is needed. */
  adopt(key: Key, step: number, kept: Tensor): void {
    let entry = this.retained.get(key);
    if (!entry) this.retained.set(key, (entry = { steps: [], tensors: [] }));
    entry.steps.push(step);
    entry.tensors.push(kept);
    this.bytes += kept.size * 4;
    if (this.bytes > RETAINED_BYTES_BUDGET) this.reduceAll();
  }

  /** Hands every retained batch to `reduce` (which must not keep the tensors) and releases the clones. */
  reduceAll(): void {
    for (const [key, { steps, tensors }] of this.retained) {
      try {
        this.reduce(key, steps, tensors);
      } finally {
        for (const tensor of tensors) tensor.dispose();
      }
    }
    this.retained.clear();
    this.bytes = 0;
  }
}
