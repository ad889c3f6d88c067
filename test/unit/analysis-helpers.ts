/**
 * Synthetic runner event streams for the analysis tests: declare a model's layers once, then append windows
 * that say only what differs from a healthy run (a layer's gradient norm, its silent units, its moments).
 */
import type {
  EndEvent,
  LayerEvent,
  ModelEvent,
  NonFiniteRecord,
  RunnerEvent,
  WindowEvent,
} from '../../src/core/events.ts';
import { isReluFamily, isSaturating } from '../../src/core/activations.ts';

export interface LayerSpec {
  name: string;
  className: string;
  activation: string | null;
  units: number | null;
  /** Sizes of the layer's weights; empty for Flatten, Dropout, … */
  weights: Array<{ name: string; size: number }>;
  kernelInitializer?: string;
  /** More of the layer's config (a constant bias, …). */
  config?: LayerEvent['config'];
  /** The variable the script assigns the layer to. */
  assignedTo?: string;
  /** The source line, when it is not the layer's position (layers built by one loop share a line). */
  line?: number;
}

/** A Dense layer with `inputs` inputs: kernel inputs×units, bias units. */
export function dense(
  name: string,
  activation: string | null,
  units: number,
  inputs: number,
  kernelInitializer = 'glorotUniform',
): LayerSpec {
  return {
    name,
    className: 'Dense',
    activation,
    units,
    weights: [
      { name: 'kernel', size: inputs * units },
      { name: 'bias', size: units },
    ],
    kernelInitializer,
  };
}

/** A layer without weights or activation of its own (Flatten, Dropout). */
export function plain(name: string, className: string): LayerSpec {
  return { name, className, activation: null, units: null, weights: [] };
}

export interface LayerWindow {
  /** The layer's whole gradient norm: one value for every step, or per step (step numbers are the run's). */
  gradient?: number | null | ((step: number) => number | null);
  /** Units never active in the window (ReLU-family layers). */
  silent?: number[];
  mean?: number | null;
  variance?: number | null;
  saturated?: number | null;
  /** The model input's statistics, for a first layer. */
  input?: { mean: number; variance: number };
}

export interface WindowSpec {
  steps?: number;
  /** Samples per step. */
  batch?: number;
  layers?: Record<string, LayerWindow>;
  nonFinite?: NonFiniteRecord[];
}

const HEALTHY_GRADIENT = 0.1;
const HEALTHY_MOMENTS: Record<string, { mean: number; variance: number }> = {
  relu: { mean: 0.4, variance: 0.3 },
  selu: { mean: 0.02, variance: 0.95 },
  sigmoid: { mean: 0.5, variance: 0.04 },
  tanh: { mean: 0, variance: 0.2 },
};

export class RunBuilder {
  readonly events: RunnerEvent[] = [];
  private nextStep = 1;

  /**
   * `model: null` sends no model event (the runner could not see one); `firstStep` continues another run's
   * steps; `firstLine` places the layers' source lines.
   */
  constructor(
    private readonly layers: LayerSpec[],
    options: { model?: string | null; firstStep?: number; firstLine?: number } = {},
  ) {
    this.nextStep = options.firstStep ?? 1;
    layers.forEach((spec, index) => this.events.push(layerEvent(spec, (options.firstLine ?? 1) + index)));
    if (options.model !== null)
      this.events.push(
        modelEvent(
          options.model ?? 'sequential_1',
          layers.map((layer) => layer.name),
        ),
      );
  }

  /** The last step appended so far. */
  get step(): number {
    return this.nextStep - 1;
  }

  window(spec: WindowSpec = {}): this {
    const steps = spec.steps ?? 20;
    const batch = spec.batch ?? 32;
    const fromStep = this.nextStep;
    const stepNumbers = Array.from({ length: steps }, (_, index) => fromStep + index);
    this.nextStep += steps;
    const event: WindowEvent = {
      type: 'window',
      fromStep,
      toStep: fromStep + steps - 1,
      loss: stepNumbers.map(() => 0.5),
      gradients: this.layers.flatMap((layer) => {
        const total = layer.weights.reduce((sum, weight) => sum + weight.size, 0);
        const gradient = spec.layers?.[layer.name]?.gradient ?? HEALTHY_GRADIENT;
        const normAt = (step: number) => (typeof gradient === 'function' ? gradient(step) : gradient);
        // Splits the layer norm over its weights so that sqrt(Σ norm²) is the layer norm again.
        return layer.weights.map((weight) => ({
          layer: layer.name,
          weight: weight.name,
          size: weight.size,
          norm: stepNumbers.map((step) => {
            const norm = normAt(step);
            return norm === null ? null : norm * Math.sqrt(weight.size / total);
          }),
        }));
      }),
      activations: this.layers.map((layer) => {
        const override = spec.layers?.[layer.name] ?? {};
        const units = layer.units ?? 0;
        const silent = new Set(override.silent ?? []);
        const moments = HEALTHY_MOMENTS[layer.activation ?? ''] ?? { mean: 0, variance: 1 };
        return {
          layer: layer.name,
          units,
          samples: steps * batch,
          sampledSteps: steps,
          everActive: isReluFamily(layer.activation)
            ? Array.from({ length: units }, (_, unit) => (silent.has(unit) ? 0 : 1))
            : null,
          mean: override.mean === undefined ? moments.mean : override.mean,
          variance: override.variance === undefined ? moments.variance : override.variance,
          saturated: isSaturating(layer.activation)
            ? override.saturated === undefined
              ? 0.05
              : override.saturated
            : null,
          ...(override.input ? { input: override.input } : {}),
        };
      }),
      nonFinite: spec.nonFinite ?? [],
      elapsedMs: this.nextStep * 10,
    };
    this.events.push(event);
    return this;
  }

  /** The run's end record: the analysis concludes on what it has seen. */
  end(reason: EndEvent['reason'] = 'completed'): this {
    this.events.push({ type: 'end', reason, steps: this.step, elapsedMs: this.nextStep * 10 });
    return this;
  }

  /** An optimizer that updates every layer, built at `line`. */
  optimizer(className: string, learningRate: number, line: number): this {
    this.events.push({
      type: 'optimizer',
      className,
      learningRate,
      source: { file: '/work/train.js', line, column: 3 },
      builtBy: 'factory',
      layers: this.layers.map((layer) => layer.name),
    });
    return this;
  }

  /** `count` windows; `spec` may depend on the window's index. */
  windows(count: number, spec: WindowSpec | ((index: number) => WindowSpec) = {}): this {
    for (let index = 0; index < count; index++) this.window(typeof spec === 'function' ? spec(index) : spec);
    return this;
  }
}

export function layerEvent(spec: LayerSpec, line: number): LayerEvent {
  return {
    type: 'layer',
    name: spec.name,
    className: spec.className,
    activation: spec.activation,
    units: spec.units,
    outputShape: spec.units === null ? null : [null, spec.units],
    params: spec.weights.reduce((sum, weight) => sum + weight.size, 0),
    weights: spec.weights.map((weight) => ({
      name: weight.name,
      variable: `${spec.name}/${weight.name}`,
      shape: [weight.size],
      size: weight.size,
      trainable: true,
    })),
    config: { ...(spec.kernelInitializer ? { kernelInitializer: spec.kernelInitializer } : {}), ...spec.config },
    source: { file: '/work/train.js', line: spec.line ?? line, column: 3 },
    ...(spec.assignedTo ? { assignedTo: spec.assignedTo } : {}),
  };
}

export function modelEvent(name: string, layers: string[]): ModelEvent {
  return { type: 'model', name, className: 'Sequential', layers, source: null };
}

/** The first `count` unit indices: [0, 1, …, count − 1]. */
export function firstUnits(count: number): number[] {
  return Array.from({ length: count }, (_, unit) => unit);
}

/** What a reader sees of a finding: its one-sentence message and its detail. */
export function findingText(finding: { message: string; detail?: string } | undefined): string {
  return finding ? `${finding.message} ${finding.detail ?? ''}` : '';
}
