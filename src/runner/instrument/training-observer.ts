/**
 * Watches training through the optimizer, whatever drives it: `fit`, `fitDataset` and `trainOnBatch`
 * (all end in Optimizer.minimize), `optimizer.minimize` in a custom loop, and `tf.variableGrads` +
 * `optimizer.applyGradients`. A step is one applyGradients call.
 */
import type { WindowEvent } from '../../core/events.ts';
import type { EventSink } from '../event-sink.ts';
import { ActivationProbe, SAMPLES_PER_WINDOW } from './activation-probe.ts';
import { EpochCounter } from './epoch-counter.ts';
import { withEpochCallback } from './fit-callbacks.ts';
import { LayerRegistry } from './layer-registry.ts';
import type { FactoryInterceptor } from '../activation-overrides.ts';
import { isFedByModelInput, layerActivation, outputIsTheActivation } from './layer-description.ts';
import { OptimizerRegistry } from './optimizer-registry.ts';
import { OverheadMeter } from './overhead-meter.ts';
import { PauseWatch } from './pause-watch.ts';
import { READ_LATENCY_MS, SamplingPlan } from './sampling-plan.ts';
import { TroubleWatch } from './window-alarm.ts';
import { TrainingHooks } from './training-hooks.ts';
import { StepRecorder } from './step-recorder.ts';
import { TargetsProbe } from './targets-probe.ts';
import { ProgressReporter } from '../progress-reporter.ts';
import {
  asInternals,
  type Layer,
  type LayersModel,
  type NamedGradients,
  type Optimizer,
  type Scalar,
  type Tensor,
  type Tf,
} from './tfjs-types.ts';
import type { CallSiteLocator } from '../call-site.ts';

export interface ObserverOptions {
  every: number;
  maxSteps: number | null;
  sink: EventSink;
  locator: CallSiteLocator;
  startTime: number;
  intercept: FactoryInterceptor | null;
  /** The backend can read tensors synchronously (every backend but webgpu). */
  syncReads: boolean;
  /** The backend's tensors are in this process's memory (cpu, wasm): what is watched is reduced in JavaScript. */
  onHost: boolean;
  /** The first steps spent compiling the backend's kernels (on a GPU), reported apart; 0 for none. */
  warmupSteps: number;
  /** ActLens's own time the plan aims to stay within, as a share of the training's (0.01: 1 %). */
  overheadBudget: number;
}

/** Samples wanted per window before "never active" means anything (a few hundred; see docs/detectors.md). */
const MIN_SAMPLED_STEPS = 4;

export class TrainingObserver {
  readonly registry: LayerRegistry;
  private readonly optimizers: OptimizerRegistry;
  private readonly recorder: StepRecorder;
  private readonly targets: TargetsProbe;
  private readonly progress: ProgressReporter;
  /** Per observed layer; null for a layer whose outputs are not measured (Flatten, Dropout: they mirror their input). */
  private readonly probes = new Map<Layer, ActivationProbe | null>();
  private readonly sampledLayersNoted = new Set<string>();
  private steps = 0;
  /** The last step of the last closed window. */
  private closedThrough = 0;
  /** The latest step whether to sample was decided for, and the steps sampled in the current window. */
  private sampling = { step: 0, sampled: false, inWindow: 0 };
  /** Whether the plan watches the step whose forward and backward pass runs (see observeOutput). */
  private watchingStep = true;
  /**
   * The loss `computeGradients` returned, taken when its gradients are applied: `minimize` (every `fit`) disposes it
   * only after that, and taking it there leaves one measured stretch per unwatched step instead of two. (A script
   * that calls computeGradients itself and disposes the loss before applying the gradients has no loss at that step.)
   */
  private stepLoss: Tensor | null = null;
  /** > 0 while a training step's forward and backward pass runs. */
  private gradientDepth = 0;
  private lastBatchSize = 0;
  private readonly trainingModels = new Set<LayersModel>();
  private readonly epochs = new EpochCounter();
  private maxStepsReached = false;
  private onHardStop: (() => never) | null = null;
  private firstStepStart: number | null = null;
  readonly meter = new OverheadMeter();
  private readonly plan: SamplingPlan;
  private readonly trouble = new TroubleWatch();
  private overBudgetNoted = false;
  private readonly pauseWatch = new PauseWatch(READ_LATENCY_MS, () => this.onPause());
  /** When the last `fit` call ended, and the step count then. */
  private fitEnd = { at: 0, steps: 0 };
  /** When windows were last read back (performance.now()). */
  private readBackAt = -Infinity;
  private readonly hooks = new TrainingHooks();
  /** When the hooks were suspended (performance.now()); null while they are on. */
  private suspendedAt: number | null = null;

  constructor(
    private readonly tf: Tf,
    private readonly options: ObserverOptions,
  ) {
    this.plan = new SamplingPlan(options.every, options.overheadBudget);
    this.registry = new LayerRegistry(
      tf,
      options.locator,
      (layer, output, inputs) => this.observeOutput(layer, output, inputs),
      options.intercept,
      this.hooks,
    );
    this.optimizers = new OptimizerRegistry(tf, options.locator, (variable) => this.registry.ownerOf(variable).layer);
    this.progress = new ProgressReporter(options.sink, options.startTime);
    this.targets = new TargetsProbe(tf, options.sink);
    this.recorder = new StepRecorder(
      tf,
      (variable) => this.registry.ownerOf(variable),
      (window) => {
        this.announceLayers();
        this.noteSampledLayers(window);
        this.watchForTrouble(window);
        options.sink.emit(window);
      },
      options.startTime,
      options.syncReads,
      options.onHost,
      this.meter,
    );
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Steps trained but not yet reported: their window's read back had not finished. */
  get unreadSteps(): number {
    return this.steps - this.recorder.emittedThrough;
  }

  get stoppedAtMaxSteps(): boolean {
    return this.maxStepsReached;
  }

  /** Called when a step beyond --max-steps is attempted: the runner ends the process there. */
  setHardStop(handler: () => never): void {
    this.onHardStop = handler;
  }

  install(): Record<string, unknown> {
    const tf = this.tf;
    this.registry.install();
    this.hookOptimizers();
    this.hookFit();
    const observer = this;
    const variableGrads = tf.variableGrads;
    return {
      ...this.registry.exposedOverrides,
      ...this.optimizers.install(),
      variableGrads(f: () => Scalar, varList?: never) {
        return observer.duringGradients(() => {
          const result = variableGrads(f, varList);
          // The script holds this loss and may dispose it before it applies the gradients: taken now.
          observer.holdLoss(result.value);
          return result;
        });
      },
    };
  }

  /**
   * Takes ActLens's hooks on training off (TrainingHooks), between two steps: the steps that follow train as in a plain
   * process, neither watched nor counted, until `resumeHooks`. For the benchmark's crossover (bench/crossover.ts) only.
   */
  suspendHooks(): void {
    if (this.suspendedAt !== null) return;
    this.hooks.suspend();
    this.suspendedAt = performance.now();
  }

  /** Puts the hooks back; the time they were off is no window's training time. */
  resumeHooks(): void {
    if (this.suspendedAt === null) return;
    this.meter.leaveOut(performance.now() - this.suspendedAt);
    this.suspendedAt = null;
    this.hooks.resume();
  }

  /** Reads back whatever the current partial window holds; waits for every read. */
  async finish(): Promise<void> {
    this.closeWindow(true);
    await Promise.all([this.recorder.drain(), this.targets.drain()]);
    this.announceLayers();
  }

  /** The same, synchronously, for exits that cannot wait (a targets measurement still being read is lost). */
  finishSync(): void {
    this.closeWindow(true);
    this.recorder.drainSync();
    this.announceLayers();
  }

  private hookOptimizers(): void {
    const tf = this.tf;
    const observer = this;
    const base = tf.Optimizer.prototype as unknown as Record<string, (...args: never[]) => unknown>;
    const computeGradients = base.computeGradients as (
      this: Optimizer,
      f: () => Tensor,
      varList?: unknown,
    ) => { value: Tensor; grads: NamedGradients };
    this.hooks.patch(base, 'computeGradients', function (this: Optimizer, f: () => Tensor, varList?: unknown) {
      return observer.duringGradients(() => {
        const result = computeGradients.call(this, f, varList);
        observer.stepLoss = result.value;
        return result;
      });
    } as never);
    // Every optimizer class overrides applyGradients; patch each one tfjs exports (and the base, for subclasses users write).
    const classes = Object.values(tf as unknown as Record<string, unknown>).filter(
      (value): value is { prototype: Record<string, unknown> } =>
        typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof tf.Optimizer,
    );
    for (const prototype of [base, ...classes.map((cls) => cls.prototype)]) {
      if (!Object.prototype.hasOwnProperty.call(prototype, 'applyGradients')) continue;
      const applyGradients = prototype.applyGradients as (this: Optimizer, gradients: NamedGradients) => void;
      this.hooks.patch(prototype, 'applyGradients', function (this: Optimizer, gradients: NamedGradients) {
        observer.beforeStep();
        applyGradients.call(this, gradients);
        observer.afterStep(this, gradients);
      });
    }
  }

  private hookFit(): void {
    const tf = this.tf;
    const observer = this;
    const prototype = tf.LayersModel.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of ['fit', 'fitDataset'] as const) {
      const original = prototype[method]!;
      const argsIndex = method === 'fit' ? 2 : 1;
      this.hooks.patch(prototype, method, async function (this: LayersModel, ...args: unknown[]) {
        // ActLens's own work, as each step's: a script calling fit once per step pays it at every step.
        observer.meter.measure(() => {
          const fitArgs = { ...((args[argsIndex] as Record<string, unknown> | undefined) ?? {}) };
          const runEpoch = observer.epochs.forCall(this, fitArgs.initialEpoch);
          fitArgs.callbacks = withEpochCallback(tf, fitArgs.callbacks, fitArgs.yieldEvery, {
            onEpochEnd: (epoch, logs) =>
              observer.meter.measure(() =>
                observer.options.sink.emitWithNext({
                  type: 'epoch',
                  epoch: runEpoch(epoch),
                  step: observer.steps,
                  logs,
                }),
              ),
            readPending: () => observer.recorder.readPending,
          });
          args[argsIndex] = fitArgs;
          observer.trainingModels.add(this);
          if (method === 'fit') {
            const name = observer.registry.modelName(this);
            observer.targets.observe(this, name, args[1], observer.optimizers.lossOf(this));
          }
        });
        try {
          return await original.apply(this, args);
        } finally {
          observer.trainingModels.delete(this);
          observer.fitEnded();
        }
      });
    }
  }

  /**
   * A `fit` call ended. Whatever the script does next — even die where no handler runs (out of memory) — its training
   * is on record within READ_LATENCY_MS, as while it trains: at once when the last read-back is that old, else once
   * training pauses (onPause) or the plan reads back. A script that calls `fit` once per step so pays for read-backs —
   * and the session's wake-ups — at the plan's pace, not at every step.
   */
  private fitEnded(): void {
    const now = performance.now();
    this.fitEnd = { at: now, steps: this.steps };
    if (now - this.readBackAt >= READ_LATENCY_MS) this.putOnRecord();
    else this.pauseWatch.restart();
  }

  /** No step since the last `fit` call ended, READ_LATENCY_MS ago: what it left unread goes on record. */
  private onPause(): void {
    if (this.trainingModels.size === 0 && this.steps === this.fitEnd.steps) this.putOnRecord(this.fitEnd.at);
  }

  /**
   * Closes the window of the steps since the last one (ending at `lastStepEnded`, after a pause) and reads back every
   * window not yet read, with the records waiting for a write.
   */
  private putOnRecord(lastStepEnded?: number): void {
    this.closeWindow(true, lastStepEnded);
    this.recorder.catchUp();
    this.options.sink.flush();
  }

  private duringGradients<T>(compute: () => T): T {
    if (this.maxStepsReached) this.onHardStop?.();
    this.startStep();
    if (this.gradientDepth === 0) this.watchingStep = this.plan.watches(this.steps + 1);
    this.gradientDepth++;
    try {
      return compute();
    } finally {
      this.gradientDepth--;
    }
  }

  private holdLoss(value: Tensor | null | undefined): void {
    this.meter.measure(() => this.recorder.holdLoss(value));
  }

  private beforeStep(): void {
    if (this.maxStepsReached) this.onHardStop?.();
    this.startStep();
  }

  private startStep(): void {
    if (this.firstStepStart !== null) return;
    this.firstStepStart = performance.now();
    this.meter.startTraining();
  }

  private afterStep(optimizer: Optimizer, gradients: NamedGradients): void {
    this.meter.measure(() => this.recordStep(optimizer, gradients));
  }

  private recordStep(optimizer: Optimizer, gradients: NamedGradients): void {
    const step = ++this.steps;
    const newOptimizer = this.optimizers.describeOnce(optimizer, gradients);
    if (step === 1 || newOptimizer) this.announceLayers();
    // After the layers it updates, before any window of its steps (windows are emitted when read back).
    if (newOptimizer) this.options.sink.emit(newOptimizer);
    const warmupEnds = step === this.options.warmupSteps;
    if (warmupEnds) {
      const ms = performance.now() - (this.firstStepStart ?? performance.now());
      this.options.sink.emit({ type: 'warmup', steps: step, ms: Math.round(ms) });
    }
    // At the warm-up's end whatever the interval: speed is measured from there.
    this.progress.step(step, this.meter.stretchStart, warmupEnds);
    // Every step's loss; the watched steps' gradients (a NaN gradient elsewhere shows at the next loss or watched outputs).
    const loss = this.stepLoss;
    this.stepLoss = null;
    this.recorder.record(step, this.plan.watchesGradients(step) ? gradients : null, loss);
    if (step % this.options.every === 0) this.closeWindow(false);
    if (this.options.maxSteps !== null && step >= this.options.maxSteps) {
      this.maxStepsReached = true;
      for (const model of this.trainingModels) model.stopTraining = true;
    }
  }

  /**
   * Sample the first few watched steps of each window: enough samples for "never active", at a fraction of the cost.
   * The first, not the last, so that even a run shorter than one window is observed; counted, not placed, so that a
   * window the plan starts watching closely halfway (an alarm) still gets its samples. Decided once per step, at its
   * first observed layer.
   */
  private isSamplingStep(step: number): boolean {
    if (step === this.sampling.step) return this.sampling.sampled;
    const every = this.options.every;
    const wanted = this.lastBatchSize > 0 ? Math.ceil(SAMPLES_PER_WINDOW / this.lastBatchSize) : every;
    // The first window is observed in full: faults show early, and a run that diverges inside it is judged on
    // the steps just before the overflow.
    const sampled = step <= every || this.sampling.inWindow < Math.max(MIN_SAMPLED_STEPS, wanted);
    this.sampling = { step, sampled, inWindow: this.sampling.inWindow + (sampled ? 1 : 0) };
    return sampled;
  }

  /**
   * Watched training steps: the NaN/Inf check (one op per layer), or on sampled steps the outputs' statistics, whose
   * sum is that check. Any other forward pass (predict, evaluate, an unwatched step) returns at once: it is most of
   * what runs on a tight budget.
   */
  private observeOutput(layer: Layer, output: Tensor | Tensor[], inputs: Tensor | Tensor[]): void {
    if (this.gradientDepth === 0 || !this.watchingStep) return;
    this.meter.measure(() => this.observeTrainingOutput(layer, output, inputs));
  }

  private observeTrainingOutput(layer: Layer, output: Tensor | Tensor[], inputs: Tensor | Tensor[]): void {
    const tensor = Array.isArray(output) ? output[0] : output;
    if (!tensor) return;
    const step = this.steps + 1;
    if (tensor.rank >= 2) this.lastBatchSize = tensor.shape[0] ?? this.lastBatchSize;
    const probe = this.probeFor(layer);
    if (!probe || !ActivationProbe.observable(tensor)) return;
    if (this.isSamplingStep(step)) probe.observe(tensor, Array.isArray(inputs) ? inputs[0] : inputs, step);
    else probe.check(tensor, step);
  }

  private probeFor(layer: Layer): ActivationProbe | null {
    let probe = this.probes.get(layer);
    if (probe !== undefined) return probe;
    const activation = layerActivation(layer);
    // Layers without an activation of their own mirror their input (Flatten, Dropout), unless the script wrote them.
    probe =
      activation === null && !this.registry.isScriptDefined(layer)
        ? null
        : new ActivationProbe(this.tf, layer.name, activation, {
            channelsFirst: asInternals(layer).dataFormat === 'channelsFirst',
            flatRegionObservable: outputIsTheActivation(layer),
            measuresInput: isFedByModelInput(layer),
            onHost: this.options.onHost,
          });
    this.probes.set(layer, probe);
    return probe;
  }

  /**
   * Ends the window of the steps since the last one; reads back when the plan says so or `atEnd` (the run's end, or
   * a fit call's end or the pause after it: see fitEnded). `lastStepEnded`: when the window's last step ended, where
   * that was a while ago (a pause), so that the idle time is not counted as training.
   */
  private closeWindow(atEnd: boolean, lastStepEnded?: number): void {
    this.meter.measure(() => {
      this.announceLayers();
      let planned = false;
      if (this.steps > this.closedThrough) {
        const cost = this.meter.takeWindow(lastStepEnded);
        planned = this.plan.closeWindow(cost, this.steps);
        this.noteOverBudget();
        this.recorder.closeWindow(this.steps, cost);
        this.closedThrough = this.steps;
        this.sampling = { ...this.sampling, inWindow: 0 };
      }
      if (!planned && !atEnd) return;
      this.readBackAt = performance.now();
      const probes = [...this.probes.values()].filter((probe): probe is ActivationProbe => probe !== null);
      // A read-back's windows go out in one write.
      const flush = (charged: boolean) => this.options.sink.batch(() => this.recorder.flush(probes, charged));
      if (!atEnd) return this.meter.measureRead(() => flush(false));
      // No window may follow to carry this read-back's cost, as the next window carries one during training: the
      // windows it reads back carry it, and the meter starts afresh after it.
      flush(true);
      this.meter.takeWindow();
    });
  }

  /** Signs of trouble in a window read back make the plan watch every step again. */
  private watchForTrouble(window: WindowEvent): void {
    if (this.trouble.check(window)) this.plan.alarm(this.steps);
  }

  /** Said once: the run's overhead figure then comes with its reason. */
  private noteOverBudget(): void {
    const reason = this.plan.state.overBudget;
    if (!reason || this.overBudgetNoted) return;
    this.overBudgetNoted = true;
    const budget = `${Number((this.options.overheadBudget * 100).toPrecision(3))} %`;
    this.options.sink.emit({
      type: 'note',
      level: 'info',
      message: `ActLens cannot keep its overhead within the budget (${budget}, --overhead-budget, setting actlens.overheadBudget): ${reason}.`,
    });
  }

  /** Says once per layer that its unit flags are a sample: the dead share in every host is then an estimate. */
  private noteSampledLayers(window: WindowEvent): void {
    for (const { layer, units, sampledUnits } of window.activations) {
      if (sampledUnits === undefined || this.sampledLayersNoted.has(layer)) continue;
      this.sampledLayersNoted.add(layer);
      const count = (value: number) => value.toLocaleString('en-US');
      this.options.sink.emit({
        type: 'note',
        level: 'info',
        message:
          `${layer} has ${count(units)} units, too many to report each: its dead units are judged on a fixed sample ` +
          `of ${count(sampledUnits)} of them (the same in every window); its mean, variance and gradients cover all.`,
      });
    }
  }

  private announceLayers(): void {
    for (const event of this.registry.takeNewlyBuilt()) this.options.sink.emit(event);
  }
}
