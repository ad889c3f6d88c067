/**
 * Catches the exact step at which a layer's outputs went NaN or infinite, at every watched step the activation
 * statistics do not sample (those hold the same sum): one sum of the output per step (NaN and ±Inf propagate through
 * a sum). On the host (host-reduction.ts) the sum is taken at once; otherwise it is kept on the backend and read back
 * with the window, the scalars stacked every CHUNK steps, so a long window keeps a few tensors alive, not thousands.
 */
import { sumOf } from './host-reduction.ts';
import type { HostRead } from './host-values.ts';
import type { ReadPart } from './read-part.ts';
import type { Tensor, Tf } from './tfjs-types.ts';

const CHUNK = 64;

export class StepChecks {
  private chunks: Tensor[] = [];
  private pending: Tensor[] = [];
  private sums: number[] = [];
  private steps: number[] = [];

  /** `host`: how to read the backend's tensors where they are in this process's memory (cpu, wasm); else null. */
  constructor(
    private readonly tf: Tf,
    private readonly host: HostRead | null,
  ) {}

  /** On the host, the sum at once; on the backend one small op, kept because the forward pass runs inside tfjs's (or the script's) tf.tidy. */
  add(step: number, output: Tensor): void {
    const tf = this.tf;
    this.steps.push(step);
    if (this.host) return void this.sums.push(sumOf(this.host(output)));
    this.pending.push(tf.keep(tf.sum(output)));
    if (this.pending.length >= CHUNK) this.chunks.push(this.stackPending());
  }

  get size(): number {
    return this.steps.length;
  }

  /**
   * The window's sums as one part of the read-back (the caller disposes a tensor; null when there were none), with
   * their steps; resets for the next window.
   */
  take(): { part: ReadPart | null; steps: number[] } {
    const tf = this.tf;
    const steps = this.steps;
    this.steps = [];
    if (this.host) {
      const sums = this.sums;
      this.sums = [];
      return { part: sums.length > 0 ? sums : null, steps };
    }
    if (this.pending.length > 0) this.chunks.push(this.stackPending());
    if (this.chunks.length === 0) return { part: null, steps };
    const tensor = this.chunks.length === 1 ? this.chunks[0]! : tf.keep(tf.concat(this.chunks));
    if (this.chunks.length > 1) this.chunks.forEach((chunk) => chunk.dispose());
    this.chunks = [];
    return { part: tensor, steps };
  }

  private stackPending(): Tensor {
    const stacked = this.tf.keep(this.tf.stack(this.pending));
    this.pending.forEach((sum) => sum.dispose());
    this.pending = [];
    return stacked;
  }
}

/** The first of `steps` from `from` through `to` whose sum in `sums` is NaN or infinite. */
export function firstNonFiniteStep(steps: number[], sums: ArrayLike<number>, from: number, to: number): number | null {
  const index = steps.findIndex((step, i) => step >= from && step <= to && !Number.isFinite(sums[i]!));
  return index === -1 ? null : steps[index]!;
}
