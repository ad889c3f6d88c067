/**
 * The callbacks a `fit`/`fitDataset` call runs with under ActLens: the script's own, as tfjs would have made them,
 * plus one of ours that reports each epoch's logs.
 *
 * Ours is a plain `tf.Callback`, not a `CustomCallback`: tfjs awaits every callback's onBatchBegin and onBatchEnd at
 * every step, and a CustomCallback's also checks a clock and schedules a yield to the event loop every 125 ms — a
 * quarter of a percent of a 3 ms step on wasm (a CPU profile of the 29k-parameter benchmark MLP). Yielding stays as
 * the script had it — tfjs gives a fit without callbacks one CustomCallback of its own, which yields, and so do we —
 * except while a read ActLens started waits for the event loop (webgpu reads asynchronously only): then ours yields
 * as often as a CustomCallback would, or a fit whose callbacks never yield would hold every window until it ends.
 */
import type { Tf } from './tfjs-types.ts';

/** An epoch's logs as numbers (null where tfjs logged a non-finite value); tensors among them are read, not disposed. */
export type EpochLogs = Record<string, number | null>;

export interface FitWatch {
  onEpochEnd(epoch: number, logs: EpochLogs): void;
  /** Whether a read ActLens started is waiting for the event loop. */
  readPending(): boolean;
}

/** tfjs's own yield interval for CustomCallbacks (DEFAULT_YIELD_EVERY_MS). */
const YIELD_EVERY_MS = 125;

type CallbackConstructor = new (...args: never[]) => object;
type EpochReporterConstructor = new (watch: FitWatch) => object;

/**
 * Our callback's class, one per tfjs namespace: not one per fit call, whose every instance tfjs's callback loop would
 * then meet with a prototype it had not seen (a script calling fit once per step makes thousands; ActLens's work per
 * such call, median: 71 µs with a class per call, 43–46 µs without, one run each).
 */
const reporters = new WeakMap<Tf, EpochReporterConstructor>();

function epochReporter(tf: Tf): EpochReporterConstructor {
  let reporter = reporters.get(tf);
  if (reporter) return reporter;
  const Callback = tf.Callback as unknown as CallbackConstructor;
  reporter = class EpochReporter extends Callback {
    private yieldedAt = performance.now();

    constructor(private readonly watch: FitWatch) {
      super();
    }

    async onBatchEnd(): Promise<void> {
      if (!this.watch.readPending() || performance.now() - this.yieldedAt < YIELD_EVERY_MS) return;
      await tf.nextFrame();
      this.yieldedAt = performance.now();
    }

    async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
      this.watch.onEpochEnd(epoch, await numbersOf(logs));
    }
  };
  reporters.set(tf, reporter);
  return reporter;
}

export function withEpochCallback(tf: Tf, callbacks: unknown, yieldEvery: unknown, watch: FitWatch): unknown[] {
  const CustomCallback = tf.CustomCallback as unknown as new (args: object, yieldEvery?: unknown) => object;
  const EpochReporter = epochReporter(tf);
  // As tfjs's standardizeCallbacks: none at all is one CustomCallback without handlers (it yields); a list whose first
  // entry is a callback object is used as is; otherwise the entries are {onEpochEnd…} configs, each a CustomCallback.
  const list = callbacks == null ? [{}] : Array.isArray(callbacks) ? callbacks : [callbacks];
  const isCallbackList = typeof (list[0] as { setModel?: unknown } | undefined)?.setModel === 'function';
  const normalised = isCallbackList ? list : list.map((config) => new CustomCallback(config as object, yieldEvery));
  return [...normalised, new EpochReporter(watch)];
}

/**
 * The logs' numbers. tfjs hands epoch logs over as scalars where no CustomCallback before ours has resolved them; they
 * are read here and left in place, for tfjs's History (and later callbacks) to resolve and dispose as usual.
 */
async function numbersOf(logs: Record<string, unknown> | undefined): Promise<EpochLogs> {
  const numbers: EpochLogs = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    const number = typeof value === 'number' ? value : isScalar(value) ? (await value.data())[0] : undefined;
    if (typeof number === 'number') numbers[key] = Number.isFinite(number) ? number : null;
  }
  return numbers;
}

function isScalar(value: unknown): value is { size: number; data(): Promise<ArrayLike<number>> } {
  const tensor = value as { size?: unknown; data?: unknown; isDisposed?: unknown } | null;
  return typeof tensor?.data === 'function' && tensor.size === 1 && tensor.isDisposed === false;
}
