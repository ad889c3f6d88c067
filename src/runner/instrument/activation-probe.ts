/**
 * What one layer's outputs did during the sampled steps of a window: per unit (channel) whether it was
 * ever active, and the mean, variance, saturated fraction and NaN/Inf counts over all sampled values.
 * The forward pass only clones its outputs; the reductions run in batches (see RetainedBatch). Nothing
 * here feeds back into the user's computation.
 */
import type { ActivationStats } from '../../core/events.ts';
import { activationInfo } from '../../core/activations.ts';
import { RetainedBatch } from './retained-batch.ts';
import type { Tensor, Tf } from './tfjs-types.ts';
import { MAX_FLAGGED_UNITS, sampledUnits } from './unit-sample.ts';

/** Window totals, as one small tensor: [sum, sum of squares, values, saturated values]. NaN/Inf show as a non-finite mean. */
const TOTALS = 4;

export interface TakenProbe {
  tensors: Tensor[];
  size: number;
  decode(values: Float32Array): { stats: ActivationStats; firstNonFiniteStep: number | null };
}

export class ActivationProbe {
  /** Per unit: the largest output seen in the window; > 0 means the unit was active at least once. */
  private maxima: Tensor | null = null;
  private totals: Tensor | null = null;
  /** One sum per observed output, in `observedSteps` order: finds the first step whose outputs went NaN/Inf. */
  private stepSums: Tensor[] = [];
  private observedSteps: number[] = [];
  private units = 0;
  private samples = 0;
  private readonly stepsSeen = new Set<number>();
  private readonly retained: RetainedBatch<'outputs'>;
  private readonly clampsAtZero: boolean;
  private readonly flatRegion: { low: number; high: number } | undefined;
  private readonly channelsFirst: boolean;
  /** For a layer wider than MAX_FLAGGED_UNITS: the units whose flags are read back (unit-sample.ts). */
  private flagged: { units: number; indices: Tensor } | null = null;

  /**
   * `flatRegionObservable`: the outputs are the activation's own values, so a value beyond the flat region's edge
   * means a pre-activation beyond ±5. Not so for gated RNN outputs (LSTM, GRU), whose saturation goes unmeasured.
   */
  constructor(
    private readonly tf: Tf,
    readonly layer: string,
    activation: string | null,
    options: { channelsFirst: boolean; flatRegionObservable: boolean },
  ) {
    const info = activationInfo(activation);
    this.channelsFirst = options.channelsFirst;
    this.clampsAtZero = info?.clampsAtZero ?? false;
    this.flatRegion = info?.saturating && options.flatRegionObservable ? info.flatRegion : undefined;
    this.retained = new RetainedBatch(tf, (_key, steps, outputs) => this.reduce(steps, outputs));
  }

  /** Adds one forward output of the layer at `step` (a layer applied twice in a step adds twice). */
  observe(output: Tensor, step: number): void {
    if (output.rank < 2 || output.dtype !== 'float32') return;
    this.units = output.shape[this.channelsFirst ? 1 : output.rank - 1] ?? 0;
    this.samples += output.shape[0] ?? 0;
    this.stepsSeen.add(step);
    this.retained.add('outputs', step, output);
  }

  get hasData(): boolean {
    return this.stepsSeen.size > 0;
  }

  /** Hands over the window's tensors to read back (the caller disposes them) and resets for the next window. */
  take(): TakenProbe {
    this.retained.reduceAll();
    const sums = this.tf.keep(this.tf.stack(this.stepSums));
    this.stepSums.forEach((sum) => sum.dispose());
    const maxima = this.flaggedMaxima();
    const sampled = maxima !== null && maxima.size < this.units;
    const tensors = [maxima, this.totals, sums].filter((tensor): tensor is Tensor => tensor !== null);
    const maximaCount = maxima?.size ?? 0;
    const { layer, units, samples, observedSteps } = this;
    const sampledSteps = this.stepsSeen.size;
    this.maxima = this.totals = null;
    this.stepSums = [];
    this.observedSteps = [];
    this.samples = 0;
    this.stepsSeen.clear();
    return {
      tensors,
      size: maximaCount + TOTALS + observedSteps.length,
      decode: (values) => {
        const sumsAt = maximaCount + TOTALS;
        const firstBad = observedSteps.findIndex((_step, index) => !Number.isFinite(values[sumsAt + index]!));
        const firstNonFiniteStep = firstBad === -1 ? null : observedSteps[firstBad]!;
        const [sum = 0, sumOfSquares = 0, count = 0, saturated = 0] = values.subarray(
          maximaCount,
          maximaCount + TOTALS,
        );
        const mean = count > 0 ? sum / count : NaN;
        const stats: ActivationStats = {
          layer,
          units,
          samples,
          sampledSteps,
          everActive: maximaCount > 0 ? Array.from(values.subarray(0, maximaCount), (max) => (max > 0 ? 1 : 0)) : null,
          mean: finiteOrNull(mean),
          variance: finiteOrNull(Math.max(0, sumOfSquares / count - mean * mean)),
          saturated: this.flatRegion && count > 0 ? saturated / count : null,
          ...(sampled ? { sampledUnits: maximaCount } : {}),
        };
        return { stats, firstNonFiniteStep };
      },
    };
  }

  /** The window's per-unit maxima, only the sampled units' for a very wide layer (the full tensor is released). */
  private flaggedMaxima(): Tensor | null {
    const { tf, maxima, units } = this;
    if (!maxima || units <= MAX_FLAGGED_UNITS) return maxima;
    if (this.flagged?.units !== units) {
      this.flagged?.indices.dispose();
      this.flagged = { units, indices: tf.keep(tf.tensor1d(sampledUnits(units), 'int32')) };
    }
    const flags = tf.keep(tf.gather(maxima, this.flagged.indices));
    maxima.dispose();
    return flags;
  }

  /** Folds a batch of retained outputs into the window's per-unit maxima and totals. */
  private reduce(steps: number[], outputs: Tensor[]): void {
    const tf = this.tf;
    this.stepSums.push(...outputs.map((output) => tf.keep(tf.sum(output))));
    this.observedSteps.push(...steps);
    const previousMaxima = this.maxima;
    const previousTotals = this.totals;
    const [maxima, totals] = tf.tidy(() => {
      const channelsLast = outputs.map((output) =>
        this.channelsFirst ? tf.transpose(output, [0, ...range(2, output.rank), 1]) : output,
      );
      const values = tf.concat(channelsLast.map((output) => output.reshape([-1, this.units])));
      const flat = this.flatRegion
        ? tf.logicalOr(tf.less(values, this.flatRegion.low), tf.greater(values, this.flatRegion.high))
        : null;
      const batchTotals = tf.stack([
        tf.sum(values),
        tf.sum(tf.square(values)),
        tf.scalar(values.size),
        flat ? tf.sum(tf.cast(flat, 'float32')) : tf.scalar(0),
      ]);
      const batchMaxima = this.clampsAtZero ? tf.max(values, 0) : null;
      return [
        batchMaxima && previousMaxima ? tf.maximum(previousMaxima, batchMaxima) : batchMaxima,
        previousTotals ? tf.add(previousTotals, batchTotals) : batchTotals,
      ];
    });
    this.maxima = maxima ? tf.keep(maxima) : null;
    this.totals = tf.keep(totals!);
    previousMaxima?.dispose();
    previousTotals?.dispose();
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
