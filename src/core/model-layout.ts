/**
 * What the analysis knows about the network's shape: the layers (from `layer` events) and their order from
 * input to output (from `model` events). Detectors use it for depth ("the first layer where …"), for the
 * output layer gradients are compared against, and for a layer's neighbours.
 *
 * A script may build several models (or the same architecture twice). Each model is its own sequence; a layer
 * belongs to the latest model that lists it. Layers no model lists form one more sequence in the order their
 * events arrived — which is the whole order when the runner sends no model event at all.
 */
import type { LayerEvent, ModelEvent, SourceLocation } from './events.ts';

interface Position {
  /** Index of the sequence: models in arrival order, then the sequence of layers no model lists. */
  sequence: number;
  index: number;
}

const UNLISTED_SEQUENCE = Number.MAX_SAFE_INTEGER;

export class ModelLayout {
  private readonly layers = new Map<string, LayerEvent>();
  private readonly models: string[][] = [];
  private readonly modelPositions = new Map<string, Position>();
  private readonly arrivalOrder: string[] = [];
  /** Layers no model lists, in arrival order; rebuilt lazily after a layer or model event. */
  private unlistedCache: { names: string[]; index: Map<string, number> } | null = null;

  addLayer(event: LayerEvent): void {
    if (!this.layers.has(event.name)) this.arrivalOrder.push(event.name);
    this.layers.set(event.name, event);
    this.unlistedCache = null;
  }

  addModel(event: ModelEvent): void {
    const sequence = this.models.length;
    this.models.push(event.layers);
    event.layers.forEach((name, index) => this.modelPositions.set(name, { sequence, index }));
    this.unlistedCache = null;
  }

  layer(name: string): LayerEvent | undefined {
    return this.layers.get(name);
  }

  source(name: string | null): SourceLocation | null {
    return name === null ? null : (this.layers.get(name)?.source ?? null);
  }

  /**
   * The layer as the script names it: the variable its factory call is assigned to (`hidden`), else the
   * factory and its ordinal among the model's layers of that class, with the line (`dense #2 (line 9)`).
   */
  displayName(name: string): string {
    const layer = this.layers.get(name);
    if (!layer) return name;
    if (layer.assignedTo) return shortened(layer.assignedTo, MAX_NAME_LENGTH);
    const sameClass = this.sequenceOf(name).filter((other) => this.layers.get(other)?.className === layer.className);
    const ordinal = sameClass.indexOf(name) + 1;
    const line = layer.source ? ` (line ${layer.source.line})` : '';
    return `${factoryName(layer.className)}${ordinal > 0 ? ` #${ordinal}` : ''}${line}`;
  }

  /** Orders layer names input → output; model-wide (null) first, unknown layers last. */
  compare(a: string | null, b: string | null): number {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    const [pa, pb] = [this.position(a), this.position(b)];
    return pa.sequence - pb.sequence || pa.index - pb.index;
  }

  /**
   * The given layers split by the sequence (model) they belong to, each part ordered input → output.
   * `model` identifies the sequence across calls, so per-model state survives windows where some layers are missing.
   */
  groupByModel(names: Iterable<string>): Array<{ model: number; layers: string[] }> {
    const groups = new Map<number, string[]>();
    for (const name of names) {
      const { sequence } = this.position(name);
      groups.set(sequence, [...(groups.get(sequence) ?? []), name]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([model, layers]) => ({ model, layers: layers.sort((a, b) => this.compare(a, b)) }));
  }

  /** The layers after `name` in its sequence, nearest first. */
  following(name: string): LayerEvent[] {
    const sequence = this.sequenceOf(name);
    return sequence
      .slice(sequence.indexOf(name) + 1)
      .map((next) => this.layers.get(next))
      .filter((layer): layer is LayerEvent => layer !== undefined);
  }

  /** True for the last layer of its model: its output is what the loss sees, so its activation is the loss's business. */
  isOutput(name: string): boolean {
    const sequence = this.sequenceOf(name);
    return sequence[sequence.length - 1] === name;
  }

  private position(name: string): Position {
    const listed = this.modelPositions.get(name);
    if (listed) return listed;
    return { sequence: UNLISTED_SEQUENCE, index: this.unlisted().index.get(name) ?? Number.MAX_SAFE_INTEGER };
  }

  private sequenceOf(name: string): string[] {
    const listed = this.modelPositions.get(name);
    return listed ? (this.models[listed.sequence] ?? []) : this.unlisted().names;
  }

  private unlisted(): { names: string[]; index: Map<string, number> } {
    if (!this.unlistedCache) {
      const names = this.arrivalOrder.filter((name) => !this.modelPositions.has(name));
      this.unlistedCache = { names, index: new Map(names.map((name, index) => [name, index])) };
    }
    return this.unlistedCache;
  }
}

/** A name in a one-sentence message leaves room for the rest of it (messages stay within 120 characters). */
const MAX_NAME_LENGTH = 40;

function shortened(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** tfjs's factory for a layer class: Dense → dense, Conv2D → conv2d, LSTM → lstm, SimpleRNN → simpleRNN. */
export function factoryName(className: string): string {
  if (/^[A-Z]+$/.test(className)) return className.toLowerCase();
  const spelled = className.replace(/(\d)D/g, '$1d');
  return spelled[0]!.toLowerCase() + spelled.slice(1);
}
