/**
 * What one layer's outputs did during a window: at every step, whether they went NaN/Inf (StepChecks); over the
 * sampled steps, per unit (channel) whether it was ever active, and the mean, variance and saturated fraction of
 * all values — and, for a layer fed by the model's input, that input's mean and variance.
 *
 * The sampled statistics are kept one row per observed output (its step's per-unit maxima and totals), so that
 * decoding can leave out the steps from the window's first non-finite value on: the evidence gathered before a
 * run diverged stays usable. Where the backend's tensors are in this process's memory (cpu, wasm) each row is reduced
 * in JavaScript as the output is observed (host-reduction.ts); elsewhere the forward pass only clones its outputs and
 * the reductions run in batches on the backend (see RetainedBatch). Nothing here feeds back into the user's
 * computation.
 */
import type { ActivationStats } from '../../core/events.ts';
import { activationInfo } from '../../core/activations.ts';
import { outputTotals, sumAndSquares, unitLayout } from './host-reduction.ts';
import { hostReader, type HostRead } from './host-values.ts';
import { KeptArray } from './kept-array.ts';
import { partSize, type ReadPart } from './read-part.ts';
import { RetainedBatch } from './retained-batch.ts';
import { firstNonFiniteStep, StepChecks } from './step-checks.ts';
import type { Tensor, Tf } from './tfjs-types.ts';
import { MAX_FLAGGED_UNITS, sampledUnits } from './unit-sample.ts';

/**
 * Samples a window's statistics want before "never active" means anything (a few hundred; see
 * docs/detectors.md): how many steps are sampled, and how far back before a divergence the evidence reaches.
 */
export const SAMPLES_PER_WINDOW = 256;

/** Per output row: [sum, sum of squares, saturated values]. */
const OUTPUT_TOTALS = 3;
/** Per input row: [sum, sum of squares]. */
const INPUT_TOTALS = 2;

/** What is known in JS of one reduced row: its step, and the counts its totals are over. */
interface Row {
  step: number;
  /** Batch items. */
  samples: number;
  values: number;
}

/**
 * The rows of a window and their reductions, in the order the read-back holds them: tensors on the backend, or
 * numbers already reduced on the host.
 */
interface Rows {
  rows: Row[];
  tensors: Tensor[];
  host: number[];
}

export interface TakenProbe {
  layer: string;
  /** What to read back (the caller disposes the tensors among them), in this order. */
  parts: ReadPart[];
  size: number;
  /** The first step from `from` through `to` whose outputs held NaN or Inf. */
  firstNonFiniteStep(values: Float64Array, from: number, to: number): number | null;
  /**
   * Statistics over the sampled steps from `from` through `to`, and before `before` (all when null); null when no
   * step was sampled there.
   */
  stats(values: Float64Array, before: number | null, from: number, to: number): ActivationStats | null;
}

export class ActivationProbe {
  private readonly checks: StepChecks;
  private readonly retained: RetainedBatch<'outputs' | 'inputs'>;
  /** Per output row: the flagged units' maxima (ReLU family only); > 0 means active at least once. */
  private maxima = noRows();
  private totals = noRows();
  private inputs = noRows();
  private units = 0;
  /** Outputs observed since the last take. */
  private observed = 0;
  private readonly clampsAtZero: boolean;
  private readonly flatRegion: { low: number; high: number } | undefined;
  private readonly channelsFirst: boolean;
  private readonly measuresInput: boolean;
  /** For a layer wider than MAX_FLAGGED_UNITS: the units whose flags are read back (unit-sample.ts). */
  private flagged: { units: number; indices: Tensor } | null = null;
  private flaggedOnHost: { units: number; indices: number[] } | null = null;
  /** How to read the backend's tensors where they are in this process's memory (cpu, wasm); else null. */
  private readonly host: HostRead | null;
  /** Where the host's reduction puts each unit's maximum, lent to it at every observed output (see outputTotals). */
  private readonly unitMaxima = new KeptArray();

  /**
   * `flatRegionObservable`: the outputs are the activation's own values, so a value beyond the flat region's edge
   * means a pre-activation beyond ±5. Not so for gated RNN outputs (LSTM, GRU), whose saturation goes unmeasured.
   * `measuresInput`: the layer is fed by the model's input (isFedByModelInput). `onHost`: the backend's tensors are
   * in this process's memory (cpu, wasm), where reducing them in JavaScript costs less than any kernel's dispatch.
   */
  constructor(
    private readonly tf: Tf,
    readonly layer: string,
    activation: string | null,
    options: { channelsFirst: boolean; flatRegionObservable: boolean; measuresInput: boolean; onHost: boolean },
  ) {
    const info = activationInfo(activation);
    this.channelsFirst = options.channelsFirst;
    this.measuresInput = options.measuresInput;
    this.host = options.onHost ? hostReader(tf) : null;
    this.clampsAtZero = info?.clampsAtZero ?? false;
    this.flatRegion = info?.saturating && options.flatRegionObservable ? info.flatRegion : undefined;
    this.checks = new StepChecks(tf, this.host);
    this.retained = new RetainedBatch(tf, (key, steps, tensors) =>
      key === 'outputs' ? this.reduceOutputs(steps, tensors) : this.reduceInputs(steps, tensors),
    );
  }

  /** Whether ActivationProbe measures this output at all: per-unit statistics need a batch axis and floats. */
  static observable(output: Tensor): boolean {
    return output.rank >= 2 && output.dtype === 'float32';
  }

  /**
   * A watched step the statistics do not sample: the NaN/Inf check of one output of the layer (a layer applied twice
   * in a step checks twice).
   */
  check(output: Tensor, step: number): void {
    this.checks.add(step, output);
  }

  /**
   * Sampled steps: adds one forward output of the layer at `step`, and its input when the probe measures it. Its
   * statistics' sum is its NaN/Inf check too.
   */
  observe(output: Tensor, input: Tensor | undefined, step: number): void {
    this.units = output.shape[this.channelsFirst ? 1 : output.rank - 1] ?? 0;
    this.observed++;
    const measuredInput = this.measuresInput && input?.dtype === 'float32' ? input : undefined;
    if (this.host) return this.reduceOnHost(this.host, output, measuredInput, step);
    this.retained.add('outputs', step, output);
    if (measuredInput) this.retained.add('inputs', step, measuredInput);
  }

  get hasData(): boolean {
    return this.checks.size > 0 || this.observed > 0;
  }

  /** Hands over the window's tensors to read back (the caller disposes them) and resets for the next window. */
  take(): TakenProbe {
    this.retained.reduceAll();
    this.observed = 0;
    const checks = this.checks.take();
    const [maxima, totals, inputs] = [this.maxima, this.totals, this.inputs].map((rows) => this.flattened(rows));
    this.maxima = noRows();
    this.totals = noRows();
    this.inputs = noRows();
    const flags = maxima.rows.length > 0 ? maxima.size / maxima.rows.length : 0;
    const sampled = maxima.rows.length > 0 && flags < this.units;
    const { layer, units, flatRegion } = this;
    const maximaAt = checks.steps.length;
    const totalsAt = maximaAt + maxima.size;
    const inputsAt = totalsAt + totals.size;
    return {
      layer,
      parts: [checks.part, maxima.part, totals.part, inputs.part].filter((part): part is ReadPart => part !== null),
      size: inputsAt + inputs.size,
      firstNonFiniteStep: (values, from, to) => {
        const checked = firstNonFiniteStep(checks.steps, values, from, to);
        const sampled = totals.rows
          .filter(
            (row, i) => row.step >= from && row.step <= to && !Number.isFinite(values[totalsAt + i * OUTPUT_TOTALS]!),
          )
          .map((row) => row.step);
        const steps = checked === null ? sampled : [checked, ...sampled];
        return steps.length === 0 ? null : Math.min(...steps);
      },
      stats: (values, before, from, to) => {
        const inRange = (row: Row) => row.step >= from && row.step <= to;
        const rows = totals.rows.filter(inRange);
        if (rows.length === 0) return null;
        const latest = keptRows(rows, before);
        const kept = (row: Row) => inRange(row) && latest(row);
        const output = sumRows(totals.rows, values.subarray(totalsAt, inputsAt), OUTPUT_TOTALS, kept);
        const input = sumRows(inputs.rows, values.subarray(inputsAt), INPUT_TOTALS, kept);
        const { count } = output;
        const [sum = 0, sumOfSquares = 0, saturated = 0] = output.sums;
        return {
          layer,
          units,
          samples: output.samples,
          sampledSteps: output.steps,
          everActive:
            maxima.rows.length > 0 && count > 0
              ? everActive(maxima.rows, values.subarray(maximaAt, totalsAt), flags, kept)
              : null,
          ...(sampled ? { sampledUnits: flags } : {}),
          ...moments(sum, sumOfSquares, count),
          saturated: flatRegion && count > 0 ? saturated / count : null,
          // Absent when the input was never measured: not float32 (int32 token ids, say).
          ...(inputs.rows.length > 0 ? { input: moments(input.sums[0] ?? 0, input.sums[1] ?? 0, input.count) } : {}),
        };
      },
    };
  }

  /** Rows of one kind as one part of the read-back (null when there are none), the backend's pieces released. */
  private flattened({ rows, tensors, host }: Rows): { rows: Row[]; part: ReadPart | null; size: number } {
    const tf = this.tf;
    let part: ReadPart | null = null;
    if (host.length > 0) part = host;
    else if (tensors.length > 0) {
      part = tf.keep(tf.tidy(() => tf.concat(tensors.map((piece) => piece.reshape([-1])))));
      tensors.forEach((piece) => piece.dispose());
    }
    return { rows, part, size: part ? partSize(part) : 0 };
  }

  /** One observed output (and its input) folded into rows at once, in the layout reduceOutputs/reduceInputs give. */
  private reduceOnHost(read: HostRead, output: Tensor, input: Tensor | undefined, step: number): void {
    const row = { step, samples: output.shape[0] ?? 0, values: output.size };
    const layout = this.clampsAtZero ? unitLayout(output.shape, this.channelsFirst) : null;
    const lent = layout ? this.unitMaxima.lend(layout.units) : undefined;
    const { sum, sumOfSquares, outside, maxima } = outputTotals(read(output), layout, this.flatRegion, lent);
    this.totals.rows.push(row);
    this.totals.host.push(sum, sumOfSquares, outside);
    if (maxima) {
      this.maxima.rows.push(row);
      for (const max of this.flaggedUnitsOnHost(maxima)) this.maxima.host.push(max);
    }
    if (!input) return;
    this.inputs.rows.push({ step, samples: input.shape[0] ?? 0, values: input.size });
    this.inputs.host.push(...sumAndSquares(read(input)));
  }

  /** Folds a batch of retained outputs into rows: per output, its per-unit maxima and its totals. */
  private reduceOutputs(steps: number[], outputs: Tensor[]): void {
    const tf = this.tf;
    for (const group of sameShapeGroups(steps, outputs)) {
      const { maxima, totals } = tf.tidy(() => {
        // [outputs, values per unit, units], channels last.
        const stacked = tf.stack(group.tensors);
        const rank = stacked.rank;
        const channelsLast = this.channelsFirst ? tf.transpose(stacked, [0, 1, ...range(3, rank), 2]) : stacked;
        const values = channelsLast.reshape([group.tensors.length, -1, this.units]);
        const flat = this.flatRegion
          ? tf.logicalOr(tf.less(values, this.flatRegion.low), tf.greater(values, this.flatRegion.high))
          : null;
        const totals = tf.stack(
          [
            tf.sum(values, [1, 2]),
            tf.sum(tf.square(values), [1, 2]),
            flat ? tf.sum(tf.cast(flat, 'float32'), [1, 2]) : tf.zeros([group.tensors.length]),
          ],
          1,
        );
        return { maxima: this.clampsAtZero ? this.flaggedUnits(tf.max(values, 1)) : undefined, totals };
      });
      const rows = rowsOf(group);
      this.totals.rows.push(...rows);
      this.totals.tensors.push(tf.keep(totals));
      if (maxima) {
        this.maxima.rows.push(...rows);
        this.maxima.tensors.push(tf.keep(maxima));
      }
    }
  }

  /** Folds a batch of retained inputs into rows of [sum, sum of squares]. */
  private reduceInputs(steps: number[], inputs: Tensor[]): void {
    const tf = this.tf;
    for (const group of sameShapeGroups(steps, inputs)) {
      const totals = tf.tidy(() => {
        const values = tf.stack(group.tensors).reshape([group.tensors.length, -1]);
        return tf.stack([tf.sum(values, 1), tf.sum(tf.square(values), 1)], 1);
      });
      this.inputs.rows.push(...rowsOf(group));
      this.inputs.tensors.push(tf.keep(totals));
    }
  }

  /** Rows of per-unit maxima, only the sampled units' for a very wide layer: rows stay MAX_FLAGGED_UNITS wide. */
  private flaggedUnits(maxima: Tensor): Tensor {
    const { tf, units } = this;
    if (units <= MAX_FLAGGED_UNITS) return maxima;
    if (this.flagged?.units !== units) {
      this.flagged?.indices.dispose();
      this.flagged = { units, indices: tf.keep(tf.tensor1d(sampledUnits(units), 'int32')) };
    }
    return tf.gather(maxima, this.flagged.indices, 1);
  }

  /** flaggedUnits for maxima reduced on the host. */
  private flaggedUnitsOnHost(maxima: Float64Array): Iterable<number> {
    const { units } = this;
    if (units <= MAX_FLAGGED_UNITS) return maxima;
    if (this.flaggedOnHost?.units !== units) this.flaggedOnHost = { units, indices: sampledUnits(units) };
    return this.flaggedOnHost.indices.map((unit) => maxima[unit]!);
  }
}

function noRows(): Rows {
  return { rows: [], tensors: [], host: [] };
}

/** Outputs (or inputs) grouped by shape, so each group reduces in one stacked pass. Usually one group per batch. */
function sameShapeGroups(steps: number[], tensors: Tensor[]): { steps: number[]; tensors: Tensor[] }[] {
  const groups = new Map<string, { steps: number[]; tensors: Tensor[] }>();
  tensors.forEach((tensor, i) => {
    const key = tensor.shape.join('x');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { steps: [], tensors: [] }));
    group.steps.push(steps[i]!);
    group.tensors.push(tensor);
  });
  return [...groups.values()];
}

/** One row per tensor of a group: its step, batch items and values. */
function rowsOf(group: { steps: number[]; tensors: Tensor[] }): Row[] {
  return group.steps.map((step, i) => ({
    step,
    samples: group.tensors[i]!.shape[0] ?? 0,
    values: group.tensors[i]!.size,
  }));
}

/** Sums the kept rows' `width` totals (laid out row after row in `values`), with their counts. */
/**
 * The rows a window's statistics cover. Before a divergence (`before`: the first non-finite step), the latest
 * sampled steps before it that hold SAMPLES_PER_WINDOW samples: the state the network was in when it broke, not
 * an average with its healthy start (units alive at step 3 and dead from step 9 on are dead when it overflows).
 */
function keptRows(rows: Row[], before: number | null): (row: Row) => boolean {
  if (before === null) return () => true;
  const steps = [...new Set(rows.filter((row) => row.step < before).map((row) => row.step))].sort((a, b) => b - a);
  let samples = 0;
  let from = before;
  for (const step of steps) {
    if (samples >= SAMPLES_PER_WINDOW) break;
    samples += rows.filter((row) => row.step === step).reduce((sum, row) => sum + row.samples, 0);
    from = step;
  }
  return (row) => row.step >= from && row.step < before;
}

function sumRows(rows: Row[], values: Float64Array, width: number, kept: (row: Row) => boolean) {
  const sums = new Array<number>(width).fill(0);
  const steps = new Set<number>();
  let count = 0;
  let samples = 0;
  rows.forEach((row, i) => {
    if (!kept(row)) return;
    for (let k = 0; k < width; k++) sums[k]! += values[i * width + k]!;
    count += row.values;
    samples += row.samples;
    steps.add(row.step);
  });
  return { sums, count, samples, steps: steps.size };
}

/** Per flagged unit: 1 when its maximum in any kept row was > 0. */
function everActive(rows: Row[], maxima: Float64Array, width: number, kept: (row: Row) => boolean): number[] {
  const flags = new Array<number>(width).fill(0);
  rows.forEach((row, i) => {
    if (!kept(row)) return;
    for (let unit = 0; unit < width; unit++) if (maxima[i * width + unit]! > 0) flags[unit] = 1;
  });
  return flags;
}

function moments(sum: number, sumOfSquares: number, count: number): { mean: number | null; variance: number | null } {
  if (count === 0) return { mean: null, variance: null };
  const mean = sum / count;
  return { mean: finiteOrNull(mean), variance: finiteOrNull(Math.max(0, sumOfSquares / count - mean * mean)) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
