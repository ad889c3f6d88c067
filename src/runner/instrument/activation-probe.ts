/**
 * Per-layer reductions of the training forward pass, kept on the backend until the window is read back.
 * Everything here reads the user's tensors and never feeds anything back into their computation.
 */
import type { ActivationStats } from '../../protocol/events.ts';
import { activationInfo } from '../../fixes/catalogue.ts';
import type { Tensor, Tf } from './tfjs-types.ts';

export class ActivationProbe {
  /** Per unit: the largest output seen in the window; > 0 means the unit was active at least once. */
  private maxima: Tensor | null = null;
  /** [mean, variance] or [mean, variance, saturated fraction] of one sampled batch. */
  private moments: Tensor | null = null;
  private units = 0;
  private samples = 0;
  private sampledSteps = 0;
  private lastStep = 0;
  private readonly clampsAtZero: boolean;
  private readonly flatRegion: { low: number; high: number } | undefined;

  constructor(
    private readonly tf: Tf,
    readonly layer: string,
    activation: string | null,
    private readonly channelsFirst: boolean,
  ) {
    const info = activationInfo(activation);
    this.clampsAtZero = info?.clampsAtZero ?? false;
    this.flatRegion = info?.saturating ? info.flatRegion : undefined;
  }

  /** Adds one forward output of the layer at `step` (a layer applied twice in a step adds twice). */
  observe(output: Tensor, step: number): void {
    if (output.rank < 2 || output.dtype !== 'float32') return;
    const tf = this.tf;
    const channelAxis = this.channelsFirst ? 1 : output.rank - 1;
    const reduceAxes = [...Array(output.rank).keys()].filter((axis) => axis !== channelAxis);
    this.units = output.shape[channelAxis] ?? 0;
    if (this.clampsAtZero) {
      const previous = this.maxima;
      this.maxima = tf.keep(tf.tidy(() => {
        const batchMax = tf.max(output, reduceAxes);
        return previous ? tf.maximum(previous, batchMax) : batchMax;
      }));
      previous?.dispose();
    }
    if (!this.moments) {
      this.moments = tf.keep(tf.tidy(() => {
        const { mean, variance } = tf.moments(output);
        const parts = [mean, variance];
        if (this.flatRegion) {
          const flat = tf.logicalOr(tf.less(output, this.flatRegion.low), tf.greater(output, this.flatRegion.high));
          parts.push(tf.mean(tf.cast(flat, 'float32')));
        }
        return tf.stack(parts);
      }));
    }
    this.samples += output.shape[0] ?? 0;
    if (step !== this.lastStep) this.sampledSteps++;
    this.lastStep = step;
  }

  get hasData(): boolean {
    return this.moments !== null;
  }

  /** Hands over the tensors to read back (ownership passes to the caller) and a decoder for their values. */
  take(): { tensors: Tensor[]; decode: (values: Float32Array) => ActivationStats } {
    const tensors = [this.maxima, this.moments].filter((tensor): tensor is Tensor => tensor !== null).map((tensor) => tensor.reshape([-1]));
    const maximaCount = this.maxima?.size ?? 0;
    const momentCount = this.moments?.size ?? 0;
    const { samples, sampledSteps, layer, units } = this;
    this.maxima?.dispose();
    this.moments?.dispose();
    this.maxima = this.moments = null;
    this.samples = this.sampledSteps = this.lastStep = 0;
    return {
      tensors,
      decode: (values) => {
        const everActive = maximaCount > 0 ? Array.from(values.subarray(0, maximaCount), (max) => (max > 0 ? 1 : 0)) : null;
        const moments = values.subarray(maximaCount, maximaCount + momentCount);
        return {
          layer,
          units,
          samples,
          sampledSteps,
          everActive,
          mean: finite(moments[0]),
          variance: finite(moments[1]),
          saturated: momentCount > 2 ? finite(moments[2]) : null,
        };
      },
    };
  }
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
