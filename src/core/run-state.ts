/**
 * The latest picture of a run, per layer, folded from its events: what the terminal table, the status bar
 * and the panel header show. Bounded: it keeps the newest values, not histories.
 */
import type { EndEvent, EpochEvent, ErrorEvent, LayerEvent, RunnerEvent, StartEvent, WindowEvent } from './events.ts';

export interface LayerSnapshot {
  layer: LayerEvent;
  /** Fraction of units never active in the latest window (ReLU-family layers only). */
  deadFraction: number | null;
  /** L2 norm of the layer's whole gradient at the latest step that had one. */
  gradientNorm: number | null;
  mean: number | null;
  std: number | null;
  saturated: number | null;
}

export class RunState {
  start: StartEvent | null = null;
  readonly notes: string[] = [];
  readonly layers = new Map<string, LayerSnapshot>();
  /** Models' layer lists; the largest (the outermost, usually the one trained) decides the order. */
  private readonly models: string[][] = [];
  steps = 0;
  loss: number | null = null;
  elapsedMs = 0;
  lastEpoch: EpochEvent | null = null;
  terminal: EndEvent | ErrorEvent | null = null;

  apply(event: RunnerEvent): void {
    switch (event.type) {
      case 'start':
        this.start = event;
        break;
      case 'note':
        this.notes.push(event.message);
        break;
      case 'layer':
        this.layers.set(event.name, { layer: event, deadFraction: null, gradientNorm: null, mean: null, std: null, saturated: null });
        break;
      case 'model':
        this.models.push(event.layers);
        break;
      case 'window':
        this.applyWindow(event);
        break;
      case 'epoch':
        this.lastEpoch = event;
        break;
      case 'end':
      case 'error':
        this.terminal = event;
        this.steps = Math.max(this.steps, event.steps);
        break;
    }
  }

  /** Layers input → output: the largest model's order, then layers of other models, then any others in creation order. */
  orderedLayers(): LayerSnapshot[] {
    const byModel = [...this.models].sort((a, b) => b.length - a.length).flat();
    const names = new Set([...byModel.filter((name) => this.layers.has(name)), ...this.layers.keys()]);
    return [...names].map((name) => this.layers.get(name)!);
  }

  get stepsPerSecond(): number | null {
    return this.elapsedMs > 0 && this.steps > 0 ? (this.steps / this.elapsedMs) * 1000 : null;
  }

  private applyWindow(event: WindowEvent): void {
    this.steps = Math.max(this.steps, event.toStep);
    this.elapsedMs = event.elapsedMs;
    const lastLoss = [...event.loss].reverse().find((value) => value !== null);
    if (lastLoss !== undefined) this.loss = lastLoss;
    const squaredByLayer = new Map<string, number>();
    for (const series of event.gradients) {
      const last = [...series.norm].reverse().find((value) => value !== null);
      if (last === undefined || last === null) continue;
      squaredByLayer.set(series.layer, (squaredByLayer.get(series.layer) ?? 0) + last * last);
    }
    for (const [layer, squared] of squaredByLayer) {
      const snapshot = this.layers.get(layer);
      if (snapshot) snapshot.gradientNorm = Math.sqrt(squared);
    }
    for (const stats of event.activations) {
      const snapshot = this.layers.get(stats.layer);
      if (!snapshot) continue;
      if (stats.everActive && stats.everActive.length > 0) snapshot.deadFraction = stats.everActive.filter((active) => active === 0).length / stats.everActive.length;
      snapshot.mean = stats.mean;
      snapshot.std = stats.variance === null ? null : Math.sqrt(stats.variance);
      snapshot.saturated = stats.saturated;
    }
  }
}
