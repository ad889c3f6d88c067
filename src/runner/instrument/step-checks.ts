/**
 * Catches the exact step at which a layer's outputs went NaN or infinite, at every watched step the activation
 * statistics do not sample (those hold the same sum): one sum of the output per step (NaN and ±Inf propagate through
 * a sum), kept on the backend and read back with the window. The scalars are stacked every CHUNK steps, so a long window keeps a few tensors alive, not thousands.
 */
import type { Tensor, Tf } from './tfjs-types.ts';

const CHUNK = 64;

export class StepChecks {
  private chunks: Tensor[] = [];
  private pending: Tensor[] = [];
  private steps: number[] = [];

  constructor(private readonly tf: Tf) {}

  /** One small op; kept, because the forward pass runs inside tfjs's (or the script's) tf.tidy. */
  add(step: number, output: Tensor): void {
    const tf = this.tf;
    this.pending.push(tf.keep(tf.sum(output)));
    this.steps.push(step);
    if (this.pending.length >= CHUNK) this.chunks.push(this.stackPending());
  }

  get size(): number {
    return this.steps.length;
  }

  /**
   * The window's sums as one 1-D tensor (the caller disposes it; null when there were none), with their steps; resets
   * for the next window.
   */
  take(): { tensor: Tensor | null; steps: number[] } {
    const tf = this.tf;
    if (this.pending.length > 0) this.chunks.push(this.stackPending());
    if (this.chunks.length === 0) return { tensor: null, steps: [] };
    const tensor = this.chunks.length === 1 ? this.chunks[0]! : tf.keep(tf.concat(this.chunks));
    if (this.chunks.length > 1) this.chunks.forEach((chunk) => chunk.dispose());
    const steps = this.steps;
    this.chunks = [];
    this.steps = [];
    return { tensor, steps };
  }

  private stackPending(): Tensor {
    const stacked = this.tf.keep(this.tf.stack(this.pending));
    this.pending.forEach((sum) => sum.dispose());
    this.pending = [];
    return stacked;
  }
}

/** The first of `steps` from `from` through `to` whose sum in `sums` is NaN or infinite. */
export function firstNonFiniteStep(steps: number[], sums: Float32Array, from: number, to: number): number | null {
  const index = steps.findIndex((step, i) => step >= from && step <= to && !Number.isFinite(sums[i]!));
  return index === -1 ? null : steps[index]!;
}
