/**
 * Per-step gradient statistics and the every-K-steps read-back.
 *
 * Cost model: every step adds one reduction per gradient (its squared L2 norm) and one stack; nothing is
 * read back until the window ends, when all steps' vectors and all activation probes are concatenated and
 * read in a single asynchronous transfer. NaN/Inf counts cost two more reductions per gradient, so they
 * are only measured once a non-finite norm has been seen.
 */
import type { GradientSeries, NonFiniteRecord, WindowEvent } from '../../protocol/events.ts';
import type { ActivationProbe } from './activation-probe.ts';
import type { NamedGradients, Tensor, Tf } from './tfjs-types.ts';

export interface WeightOwner {
  layer: string;
  weight: string;
  size: number;
}

interface StepRecord {
  step: number;
  variables: string[];
  hasLoss: boolean;
  counted: boolean;
  /** [loss?, normSq × n, (nan × n, inf × n)?] */
  vector: Tensor;
}

interface PendingRead {
  tensor: Tensor;
  decode: (values: Float32Array) => WindowEvent;
  values: Float32Array | null;
}

export class StepRecorder {
  private records: StepRecord[] = [];
  private pending: PendingRead[] = [];
  private countNonFinite = false;
  private windowStart = 1;

  constructor(
    private readonly tf: Tf,
    private readonly ownerOf: (variable: string) => WeightOwner,
    private readonly onWindow: (event: WindowEvent) => void,
    private readonly startTime: number,
  ) {}

  /** Records step `step` from the gradients about to be applied; `loss` (a kept scalar) is consumed. */
  record(step: number, gradients: NamedGradients, loss: Tensor | null): void {
    const tf = this.tf;
    const entries = Array.isArray(gradients) ? gradients.map(({ name, tensor }) => [name, tensor] as const) : Object.entries(gradients);
    const counted = this.countNonFinite;
    const vector = tf.keep(tf.tidy(() => {
      const flat = entries.map(([, gradient]) => gradient.reshape([-1]));
      const parts: Tensor[] = flat.map((gradient) => tf.dot(gradient, gradient));
      if (counted) {
        for (const gradient of flat) parts.push(tf.sum(tf.cast(tf.isNaN(gradient), 'float32')));
        for (const gradient of flat) parts.push(tf.sum(tf.cast(tf.isInf(gradient), 'float32')));
      }
      if (loss) parts.unshift(tf.mean(loss));
      return tf.stack(parts);
    }));
    loss?.dispose();
    this.records.push({ step, variables: entries.map(([name]) => name), hasLoss: loss !== null, counted, vector });
  }

  /** Starts reading back everything since the last flush. `probes` hand over their tensors. */
  flush(toStep: number, probes: ActivationProbe[]): void {
    const records = this.records;
    const fromStep = this.windowStart;
    const taken = probes.filter((probe) => probe.hasData).map((probe) => probe.take());
    if (records.length === 0 && taken.length === 0) return;
    // A read still pending a whole window later means the script's loop never yields to the event loop:
    // finish it synchronously so its events are not held back until the script ends (or forever).
    this.drainSync();
    this.records = [];
    this.windowStart = toStep + 1;
    const parts = [...records.map((record) => record.vector), ...taken.flatMap((probe) => probe.tensors)];
    const tensor = parts.length === 1 ? parts[0]! : this.tf.concat(parts);
    if (parts.length > 1) for (const part of parts) part.dispose();
    const probeSizes = taken.map((probe) => probe.tensors.reduce((sum, part) => sum + part.size, 0));
    const read: PendingRead = {
      tensor,
      values: null,
      decode: (values) => {
        let offset = 0;
        const window = this.decodeSteps(fromStep, toStep, records, values);
        offset = records.reduce((sum, record) => sum + record.vector.size, 0);
        taken.forEach((probe, index) => {
          const slice = values.subarray(offset, offset + probeSizes[index]!);
          offset += probeSizes[index]!;
          const stats = probe.decode(slice);
          window.activations.push(stats);
          if (stats.mean === null && stats.samples > 0) {
            window.nonFinite.push({ step: toStep, where: 'activation', layer: stats.layer, weight: null, nan: null, inf: null });
          }
        });
        return window;
      },
    };
    this.pending.push(read);
    void tensor.data().then((values) => this.complete(read, values as Float32Array));
  }

  /** Finishes every read still in flight, synchronously: for exits that cannot wait for a promise. */
  drainSync(): void {
    for (const read of [...this.pending]) if (!read.values) this.complete(read, read.tensor.dataSync() as Float32Array);
  }

  /** Resolves when every read started so far has been emitted. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const read = this.pending[0]!;
      this.complete(read, (read.values ?? (await read.tensor.data())) as Float32Array);
    }
  }

  /** Emits windows strictly in order, whatever order their reads resolve in. */
  private complete(read: PendingRead, values: Float32Array): void {
    read.values ??= values;
    while (this.pending[0]?.values) {
      const head = this.pending.shift()!;
      head.tensor.dispose();
      this.onWindow(head.decode(head.values!));
    }
  }

  private decodeSteps(fromStep: number, toStep: number, records: StepRecord[], values: Float32Array): WindowEvent {
    const length = toStep - fromStep + 1;
    const loss: (number | null)[] = new Array(length).fill(null);
    const series = new Map<string, GradientSeries>();
    const nonFinite: NonFiniteRecord[] = [];
    let offset = 0;
    for (const record of records) {
      const index = record.step - fromStep;
      if (record.hasLoss) {
        const value = values[offset++]!;
        if (Number.isFinite(value)) loss[index] = value;
        else nonFinite.push({ step: record.step, where: 'loss', layer: null, weight: null, nan: Number.isNaN(value) ? 1 : 0, inf: Number.isNaN(value) ? 0 : 1 });
      }
      const n = record.variables.length;
      record.variables.forEach((variable, i) => {
        const owner = this.ownerOf(variable);
        const key = `${owner.layer}\u0000${owner.weight}`;
        let entry = series.get(key);
        if (!entry) series.set(key, (entry = { layer: owner.layer, weight: owner.weight, size: owner.size, norm: new Array(length).fill(null) }));
        const normSq = values[offset + i]!;
        if (Number.isFinite(normSq)) {
          entry.norm[index] = Math.sqrt(normSq);
          return;
        }
        const nan = record.counted ? values[offset + n + i]! : null;
        const inf = record.counted ? values[offset + 2 * n + i]! : null;
        nonFinite.push({ step: record.step, where: 'gradient', layer: owner.layer, weight: owner.weight, nan, inf });
        this.countNonFinite = true;
      });
      offset += record.counted ? 3 * n : n;
    }
    return {
      type: 'window',
      fromStep,
      toStep,
      loss,
      gradients: [...series.values()],
      activations: [],
      nonFinite,
      elapsedMs: Date.now() - this.startTime,
    };
  }
}
