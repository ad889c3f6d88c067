/**
 * The latest picture of a run, per layer, folded from its events: what the terminal table, the status bar
 * and the panel header show. Bounded: it keeps the newest values, not histories.
 */
import { DeadUnitEvidence, deadShareOf } from './dead-unit-evidence.ts';
import { layerGradientNorms, outputStd } from './layer-statistics.ts';
import { DEFAULT_THRESHOLDS } from './default-thresholds.ts';
import { ModelLayout } from './model-layout.ts';
import type {
  EndEvent,
  EpochEvent,
  ErrorEvent,
  LayerEvent,
  ProgressEvent,
  RunnerEvent,
  StartEvent,
  WarmupEvent,
  WindowEvent,
} from './events.ts';

export interface LayerSnapshot {
  layer: LayerEvent;
  /**
   * Fraction of units never active in the latest dead-unit evidence window (ReLU-family layers only): null until
   * one holds enough samples for the dead-units detector to judge (dead-unit-evidence.ts), so the table never
   * shows a dead share the findings could not.
   */
  deadFraction: number | null;
  /** Dead-unit evidence windows completed so far. */
  deadEvidenceWindows: number;
  /** Windows whose activation statistics came back finite (what the drift and saturation detectors check). */
  activationChecks: number;
  /** L2 norm of the layer's whole gradient at the latest step where it was finite (see layerGradientNorms). */
  gradientNorm: number | null;
  mean: number | null;
  std: number | null;
  saturated: number | null;
}

export class RunState {
  start: StartEvent | null = null;
  readonly notes: string[] = [];
  readonly layers = new Map<string, LayerSnapshot>();
  /** The network's shape, which orders layers input → output the same way the detectors do. */
  private readonly layout = new ModelLayout();
  steps = 0;
  /** Steps the analysis has seen statistics for (the windows' steps); `steps` may run ahead between windows. */
  analysedSteps = 0;
  loss: number | null = null;
  elapsedMs = 0;
  lastEpoch: EpochEvent | null = null;
  terminal: EndEvent | ErrorEvent | null = null;
  /** The GPU's first steps, spent compiling shaders (webgpu only). */
  warmup: WarmupEvent | null = null;
  /** ActLens's own time in the training process and the training steps' wall time, summed over the windows read. */
  overhead: { ownMs: number; wallMs: number } | null = null;
  /** Dead-unit evidence by the detector's default rule (see LayerSnapshot.deadFraction). */
  private readonly deadEvidence = new DeadUnitEvidence({
    samples: DEFAULT_THRESHOLDS.deadUnitsMinSamples,
    steps: DEFAULT_THRESHOLDS.deadUnitsMinSteps,
  });
  /** The first step's progress record, or the one at the end of the warm-up: where the training speed is measured from. */
  private firstProgress: ProgressEvent | null = null;

  apply(event: RunnerEvent): void {
    switch (event.type) {
      case 'start':
        this.start = event;
        break;
      case 'note':
        this.notes.push(event.message);
        break;
      case 'layer':
        this.layers.set(event.name, {
          layer: event,
          deadFraction: null,
          deadEvidenceWindows: 0,
          activationChecks: 0,
          gradientNorm: null,
          mean: null,
          std: null,
          saturated: null,
        });
        this.layout.addLayer(event);
        break;
      case 'model':
        this.layout.addModel(event);
        break;
      case 'window':
        this.applyWindow(event);
        break;
      case 'epoch':
        this.lastEpoch = event;
        break;
      case 'warmup':
        this.warmup = event;
        // The runner follows it with a progress record at the same step: the speed is measured from there.
        this.firstProgress = null;
        break;
      case 'progress':
        this.firstProgress ??= event;
        this.steps = Math.max(this.steps, event.steps);
        this.elapsedMs = Math.max(this.elapsedMs, event.elapsedMs);
        break;
      case 'end':
      case 'error':
        this.terminal = event;
        this.steps = Math.max(this.steps, event.steps);
        break;
    }
  }

  /** Layers input → output, model by model, by ModelLayout's rule. */
  orderedLayers(): LayerSnapshot[] {
    return [...this.layers.keys()].sort((a, b) => this.layout.compare(a, b)).map((name) => this.layers.get(name)!);
  }

  /** Training speed since the first step, so that loading tfjs and building the model do not count. */
  get stepsPerSecond(): number | null {
    // Logs written before progress records existed: from the start of the run.
    const from = this.firstProgress ?? { steps: 0, elapsedMs: 0 };
    const steps = this.steps - from.steps;
    const elapsedMs = this.elapsedMs - from.elapsedMs;
    return elapsedMs > 0 && steps > 0 ? (steps / elapsedMs) * 1000 : null;
  }

  /** ActLens's own time as a share of the training's (0.007: 0.7 %), or null before a window has said. */
  get overheadShare(): number | null {
    if (!this.overhead) return null;
    const trainingMs = this.overhead.wallMs - this.overhead.ownMs;
    return trainingMs > 0 ? this.overhead.ownMs / trainingMs : null;
  }

  private applyWindow(event: WindowEvent): void {
    if (event.overhead) {
      this.overhead ??= { ownMs: 0, wallMs: 0 };
      this.overhead.ownMs += event.overhead.ownMs;
      this.overhead.wallMs += event.overhead.wallMs;
    }
    this.steps = Math.max(this.steps, event.toStep);
    this.analysedSteps += event.toStep - event.fromStep + 1;
    this.elapsedMs = Math.max(this.elapsedMs, event.elapsedMs);
    const lastLoss = [...event.loss].reverse().find((value) => value !== null);
    if (lastLoss !== undefined) this.loss = lastLoss;
    for (const [layer, norms] of layerGradientNorms(event)) {
      const snapshot = this.layers.get(layer);
      const last = [...norms].reverse().find((norm) => norm !== null);
      if (snapshot && last !== undefined && last !== null) snapshot.gradientNorm = last;
    }
    for (const stats of event.activations) {
      const snapshot = this.layers.get(stats.layer);
      // Statistics of a window whose sampled steps were all non-finite say nothing (see WindowEventSchema).
      if (!snapshot || stats.mean === null) continue;
      snapshot.activationChecks++;
      const evidence = this.deadEvidence.add(stats, event.fromStep, event.toStep);
      if (evidence) {
        snapshot.deadFraction = deadShareOf(evidence);
        snapshot.deadEvidenceWindows++;
      }
      snapshot.mean = stats.mean;
      snapshot.std = outputStd(stats);
      snapshot.saturated = stats.saturated;
    }
  }
}
