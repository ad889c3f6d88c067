/**
 * Per-step loss and gradient statistics, read back in windows of K steps.
 *
 * Each step only reads its loss (or clones it, on webgpu). On watched steps, where the backend's tensors are in this
 * process's memory (cpu, wasm), each gradient's squared L2 norm is taken at once in JavaScript (host-reduction.ts);
 * elsewhere the gradients are cloned (see RetainedBatch) and, at a read-back, each weight's gradients of all its steps
 * are stacked and reduced at once (squared L2 norm and NaN/Inf counts per step). At a read-back — after every window,
 * or every few windows when the sampling plan spreads its cost — everything still on the backend, activation probes
 * included, is read back in one asynchronous transfer, and each window closed since the last read-back becomes its
 * own window event.
 */
import type { GradientSeries, NonFiniteRecord, WindowEvent } from '../../core/events.ts';
import type { ActivationProbe, TakenProbe } from './activation-probe.ts';
import { nonFiniteCounts, sumAndSquares } from './host-reduction.ts';
import { hostReader, type HostRead } from './host-values.ts';
import type { OverheadMeter, WindowCost } from './overhead-meter.ts';
import { KeptArray } from './kept-array.ts';
import { assembled, isHostPart, partSize, type ReadPart } from './read-part.ts';
import { RetainedBatch } from './retained-batch.ts';
import type { NamedGradients, Tensor, Tf } from './tfjs-types.ts';
import { windowsWithinLimit } from './window-split.ts';

export interface WeightOwner {
  layer: string;
  weight: string;
  size: number;
}

/**
 * A reduced batch: `values` holds, per step, the loss, or the gradient's squared norm followed (when
 * `counted`) by its NaN and Inf counts. Counting costs three more passes over every gradient, so it is
 * switched on only once a non-finite norm has been seen; the first one is classified from the norm alone.
 */
interface Reduced {
  variable: string | null;
  steps: number[];
  counted: boolean;
  values: ReadPart;
}

interface PendingRead {
  /** What is read from the backend; null when every part was reduced on the host (or the losses read at their steps). */
  tensor: Tensor | null;
  parts: ReadPart[];
  decode: (values: Float64Array) => WindowEvent[];
  values: Float64Array | null;
}

/** A window closed but not yet read back: its steps, and what watching them cost. */
interface ClosedWindow {
  fromStep: number;
  toStep: number;
  cost: WindowCost;
}

const LOSS = null;

/**
 * Gradients are scaled by 2⁻³² before squaring: float32 squares overflow for values above ~1.8e19 (an exploding
 * gradient would read as Infinity), and a power of two scales exactly. Norms from ~5e-10 to ~8e28 stay exact
 * enough; anything smaller is far below the vanishing-gradient floor anyway.
 */
const NORM_SCALE = 2 ** -32;

export class StepRecorder {
  private reduced: Reduced[] = [];
  private readonly retained: RetainedBatch<string | null>;
  private readonly read: HostRead;
  private pending: PendingRead[] = [];
  private closed: ClosedWindow[] = [];
  private windowStart = 1;
  private countNonFinite = false;
  private emitted = 0;
  private pendingLoss: Tensor | number | null = null;
  /** Losses read at their step (synchronous backends), by step, until their window is decoded. */
  private lossesRead = new Map<number, number>();
  /** Where a read-back decoded as soon as it is assembled is assembled (see read-part.ts). */
  private readonly readBack = new KeptArray();

  /**
   * `syncReads`: the backend can read synchronously (not webgpu, whose reads in Node are asynchronous only).
   * `onHost`: its tensors are in this process's memory (cpu, wasm): gradients are reduced in JavaScript at their step.
   */
  constructor(
    private readonly tf: Tf,
    private readonly ownerOf: (variable: string) => WeightOwner,
    private readonly onWindow: (event: WindowEvent) => void,
    private readonly startTime: number,
    private readonly syncReads: boolean,
    private readonly onHost: boolean,
    private readonly meter: OverheadMeter,
  ) {
    this.retained = new RetainedBatch(tf, (variable, steps, tensors) => this.reduce(variable, steps, tensors));
    this.read = hostReader(tf);
  }

  /**
   * The loss of the step being computed. Where the backend reads synchronously it is read at once — the value is
   * already computed, and reading one number costs less than keeping a tensor for the read-back; on webgpu it is
   * kept (cloned) for the window's read-back.
   */
  holdLoss(value: Tensor | null | undefined): void {
    if (typeof this.pendingLoss === 'object') this.pendingLoss?.dispose();
    if (!value || value.isDisposed) this.pendingLoss = null;
    else this.pendingLoss = this.syncReads ? meanOf(this.read(value)) : this.tf.keep(value.clone());
  }

  /**
   * Records step `step`: the gradients about to be applied (null on a step the plan does not watch) and its loss —
   * `loss`, when the step's loss tensor is handed over here still alive, or else the one held for it.
   */
  record(step: number, gradients: NamedGradients | null, loss: Tensor | null = null): void {
    if (loss && !loss.isDisposed) this.holdLoss(loss);
    if (gradients) this.recordGradients(step, gradients);
    const held = this.pendingLoss;
    this.pendingLoss = null;
    if (typeof held === 'number') this.lossesRead.set(step, held);
    else if (held) this.retained.adopt(LOSS, step, held);
  }

  private recordGradients(step: number, gradients: NamedGradients): void {
    const entries = Array.isArray(gradients)
      ? gradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(gradients);
    for (const [variable, gradient] of entries)
      if (this.onHost) this.reduceOnHost(variable, step, gradient);
      else this.retained.add(variable, step, gradient);
  }

  /** The window through `toStep` ends; it is read back with the next flush. */
  closeWindow(toStep: number, cost: WindowCost): void {
    if (toStep < this.windowStart) return;
    this.closed.push({ fromStep: this.windowStart, toStep, cost });
    this.windowStart = toStep + 1;
  }

  /**
   * Starts reading back every window closed since the last flush. `probes` hand over their tensors. `charged`: the
   * last of those windows carries the cost of this flush (no later window will).
   */
  flush(probes: ActivationProbe[], charged = false): void {
    const started = performance.now();
    this.retained.reduceAll();
    if (this.closed.length === 0) return;
    const hasData = this.reduced.length > 0 || this.lossesRead.size > 0 || probes.some((probe) => probe.hasData);
    if (!hasData) return;
    const taken = probes.filter((probe) => probe.hasData).map((probe) => probe.take());
    this.catchUp();
    const windows = this.closed;
    const reduced = this.reduced;
    const losses = this.lossesRead;
    this.closed = [];
    this.reduced = [];
    this.lossesRead = new Map();
    const parts = [...reduced.map((batch) => batch.values), ...taken.flatMap((probe) => probe.parts)];
    const onBackend = parts.filter((part): part is Tensor => !isHostPart(part));
    const decode = (values: Float64Array) => this.decodeWindows(windows, reduced, losses, taken, values);
    const charge = () => {
      if (!charged) return;
      const last = windows.at(-1)!;
      const ms = performance.now() - started;
      last.cost = { ...last.cost, ownMs: last.cost.ownMs + ms, wallMs: last.cost.wallMs + ms };
    };
    if (onBackend.length === 0) {
      // Nothing on the backend: reduced on the host, the losses read at their steps.
      charge();
      const read: PendingRead = { tensor: null, parts, values: null, decode };
      this.pending.push(read);
      return this.complete(read, []);
    }
    // Kept: a window can end inside the script's own tf.tidy (a custom loop), which would dispose it before the read.
    const tensor = onBackend.length === 1 ? onBackend[0]! : this.tf.keep(this.tf.concat(onBackend));
    if (onBackend.length > 1) for (const part of onBackend) part.dispose();
    charge();
    const read: PendingRead = { tensor, parts, values: null, decode };
    this.pending.push(read);
    void tensor.data().then((values) => this.meter.measureRead(() => this.complete(read, values)));
  }

  /** Whether a read started on the backend has not finished (on webgpu, until the event loop runs). */
  get readPending(): boolean {
    return this.pending.length > 0;
  }

  /** The last step whose window has been emitted. */
  get emittedThrough(): number {
    return this.emitted;
  }

  /**
   * A read still pending a whole window later means the script's loop never yields to the event loop: where the
   * backend can, finish it synchronously so its events are not held back until the script ends. On webgpu they
   * wait for the loop to yield (the script has to, to read anything itself).
   */
  catchUp(): void {
    if (this.syncReads) this.drainSync();
  }

  /** Finishes every read still in flight, synchronously: for exits that cannot wait for a promise (not on webgpu). */
  drainSync(): void {
    for (const read of [...this.pending]) if (!read.values) this.complete(read, read.tensor!.dataSync());
  }

  /** Resolves when every read started so far has been emitted. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const read = this.pending[0]!;
      this.complete(read, read.values ? [] : await read.tensor!.data());
    }
  }

  /** One step's gradient of `variable`, reduced at once: its squared norm, scaled as reduce() scales it, and NaN/Inf counts when not finite. */
  private reduceOnHost(variable: string, step: number, gradient: Tensor): void {
    const values = this.read(gradient);
    const normSq = sumAndSquares(values, NORM_SCALE)[1];
    if (Number.isFinite(normSq))
      return void this.reduced.push({ variable, steps: [step], counted: false, values: [normSq] });
    const { nan, inf } = nonFiniteCounts(values);
    this.reduced.push({ variable, steps: [step], counted: true, values: [normSq, nan, inf] });
  }

  private reduce(variable: string | null, steps: number[], tensors: Tensor[]): void {
    const tf = this.tf;
    const counted = variable !== LOSS && this.countNonFinite;
    const values = tf.keep(
      tf.tidy(() => {
        const rows = tf.stack(tensors).reshape([steps.length, -1]);
        if (variable === LOSS) return tf.mean(rows, 1);
        const normSq = tf.sum(tf.square(tf.mul(rows, NORM_SCALE)), 1);
        if (!counted) return normSq;
        const countOf = (mask: Tensor) => tf.sum(tf.cast(mask, 'float32'), 1);
        return tf.concat([normSq, countOf(tf.isNaN(rows)), countOf(tf.isInf(rows))]);
      }),
    );
    this.reduced.push({ variable, steps, counted, values });
  }

  /**
   * Emits windows strictly in order, whatever order their reads resolve in. `backendValues`: what was read of
   * `read.tensor` (nothing when it is null, or was read before).
   */
  private complete(read: PendingRead, backendValues: ArrayLike<number>): void {
    // A read-back behind another still in flight keeps its values until then: the next read-back would overwrite them.
    const decodedNow = this.pending[0] === read;
    read.values ??= assembled(read.parts, backendValues, decodedNow ? (size) => this.readBack.lend(size) : undefined);
    while (this.pending[0]?.values) {
      const head = this.pending.shift()!;
      head.tensor?.dispose();
      for (const window of head.decode(head.values!).flatMap((decoded) => windowsWithinLimit(decoded))) {
        this.emitted = Math.max(this.emitted, window.toStep);
        this.onWindow(window);
      }
    }
  }

  /** The read-back values of `windows` (closed since the previous read-back), one window event each. */
  private decodeWindows(
    windows: ClosedWindow[],
    reduced: Reduced[],
    losses: Map<number, number>,
    taken: TakenProbe[],
    values: Float64Array,
  ): WindowEvent[] {
    const span = this.decodeSteps(windows[0]!.fromStep, windows.at(-1)!.toStep, reduced, losses, values);
    let offset = reduced.reduce((sum, batch) => sum + partSize(batch.values), 0);
    const probeValues = taken.map((probe) => values.subarray(offset, (offset += probe.size)));
    return windows.map(({ fromStep, toStep, cost }) => {
      const window = stepsOf(span, fromStep, toStep);
      taken.forEach((probe, i) => {
        const step = probe.firstNonFiniteStep(probeValues[i]!, fromStep, toStep);
        if (step !== null)
          window.nonFinite.push({ step, where: 'activation', layer: probe.layer, weight: null, nan: null, inf: null });
      });
      // Statistics stop before the window's first non-finite value, whatever held it (WindowEventSchema).
      const firstNonFinite = window.nonFinite.reduce<number | null>(
        (first, { step }) => (first === null ? step : Math.min(first, step)),
        null,
      );
      taken.forEach((probe, i) => {
        const stats = probe.stats(probeValues[i]!, firstNonFinite, fromStep, toStep);
        if (stats) window.activations.push(stats);
      });
      window.nonFinite.sort((a, b) => a.step - b.step);
      window.overhead = { ownMs: round(cost.ownMs), wallMs: round(cost.wallMs) };
      return window;
    });
  }

  private decodeSteps(
    fromStep: number,
    toStep: number,
    reduced: Reduced[],
    losses: Map<number, number>,
    values: Float64Array,
  ): WindowEvent {
    const length = toStep - fromStep + 1;
    const loss: (number | null)[] = new Array(length).fill(null);
    const series = new Map<string, GradientSeries>();
    const nonFinite: NonFiniteRecord[] = [];
    const putLoss = (step: number, value: number) => {
      if (Number.isFinite(value)) loss[step - fromStep] = value;
      else {
        const nan = Number.isNaN(value);
        nonFinite.push({ step, where: 'loss', layer: null, weight: null, nan: nan ? 1 : 0, inf: nan ? 0 : 1 });
      }
    };
    for (const [step, value] of losses) putLoss(step, value);
    let offset = 0;
    for (const { variable, steps, counted } of reduced) {
      const k = steps.length;
      if (variable === LOSS) {
        steps.forEach((step, i) => putLoss(step, values[offset + i]!));
        offset += k;
        continue;
      }
      const owner = this.ownerOf(variable);
      const key = `${owner.layer}\u0000${owner.weight}`;
      let entry = series.get(key);
      if (!entry)
        series.set(
          key,
          (entry = { layer: owner.layer, weight: owner.weight, size: owner.size, norm: new Array(length).fill(null) }),
        );
      steps.forEach((step, i) => {
        const normSq = values[offset + i]!;
        if (Number.isFinite(normSq)) {
          entry.norm[step - fromStep] = Math.sqrt(normSq) / NORM_SCALE;
          return;
        }
        // Uncounted, the record only says the gradient had a NaN or an Inf.
        const nan = counted ? values[offset + k + i]! : null;
        const inf = counted ? values[offset + 2 * k + i]! : null;
        nonFinite.push({ step, where: 'gradient', layer: owner.layer, weight: owner.weight, nan, inf });
        this.countNonFinite = true;
      });
      offset += counted ? 3 * k : k;
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

/**
 * The part of `span` over steps `from`..`to`, activation statistics left to the caller. A weight watched at none of
 * those steps has no series there.
 */
function stepsOf(span: WindowEvent, from: number, to: number): WindowEvent {
  const slice = <T>(perStep: T[]) => perStep.slice(from - span.fromStep, to - span.fromStep + 1);
  const nonFinite = span.nonFinite.filter((record) => record.step >= from && record.step <= to);
  const gradients = span.gradients
    .map((series) => ({ ...series, norm: slice(series.norm) }))
    .filter(
      (series) =>
        series.norm.some((norm) => norm !== null) ||
        nonFinite.some((record) => record.layer === series.layer && record.weight === series.weight),
    );
  return { ...span, fromStep: from, toStep: to, loss: slice(span.loss), gradients, activations: [], nonFinite };
}

/** The mean of a loss read back (a scalar, or a loss per example). */
function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length === 0 ? NaN : sum / values.length;
}

/** Milliseconds to the microsecond: enough for a cost, short in the log. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
