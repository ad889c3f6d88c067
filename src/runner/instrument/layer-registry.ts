/**
 * Every layer and model the script creates, with the line that created it. Factories in `tf.layers` and
 * `tf.sequential` / `tf.model` are wrapped once, on the very tfjs copy the script uses; each created layer
 * gets its `call` wrapped so the training forward pass can be observed without touching its result.
 * Layers of the script's own classes (`new MyLayer()`) have no factory: they are registered when first applied
 * (added to a model or called on a tensor), at that line. RNN cells are parts of their RNN layer, not layers.
 */
import type { LayerEvent, ModelEvent, SourceLocation } from '../../core/events.ts';
import type { FactoryInterceptor } from '../activation-overrides.ts';
import type { CallSiteLocator } from '../call-site.ts';
import { describeLayer, shortWeightName } from './layer-description.ts';
import { LayerOrigin } from './layer-origin.ts';
import { isRnnCell } from './recurrent-cells.ts';
import type { TrainingHooks } from './training-hooks.ts';
import type { WeightOwner } from './step-recorder.ts';
import { asInternals, type Layer, type LayersModel, type Tensor, type Tf } from './tfjs-types.ts';

export type OutputObserver = (layer: Layer, output: Tensor | Tensor[], inputs: Tensor | Tensor[]) => void;

interface Entry {
  layer: Layer;
  site: SourceLocation | null;
  assignedTo: string | undefined;
  announced: boolean;
}

export class LayerRegistry {
  private readonly layers: Entry[] = [];
  private readonly registered = new Set<Layer>();
  private readonly models = new Map<LayersModel, { site: SourceLocation | null; announced: boolean }>();
  private readonly owners = new Map<string, WeightOwner>();
  private readonly origin: LayerOrigin;

  constructor(
    private readonly tf: Tf,
    private readonly locator: CallSiteLocator,
    private readonly observe: OutputObserver,
    private readonly intercept: FactoryInterceptor | null,
    private readonly hooks: TrainingHooks,
  ) {
    this.origin = new LayerOrigin(tf);
  }

  install(): void {
    const tf = this.tf;
    const layerFactories = tf.layers as unknown as Record<string, unknown>;
    for (const [name, factory] of Object.entries(layerFactories)) {
      // Lower-case names are factories; capitalised ones (Layer, RNN) are classes users extend.
      if (typeof factory !== 'function' || !/^[a-z]/.test(name) || name === 'input') continue;
      layerFactories[name] = this.wrapFactory(name, factory as (...args: unknown[]) => unknown, (created, site) =>
        this.addLayer(created as Layer, site, site ? this.locator.assignedTo(site) : undefined),
      );
    }
    const models = tf as unknown as Record<string, unknown>;
    for (const name of ['sequential', 'model']) {
      const factory = models[name];
      if (typeof factory !== 'function') continue;
      const wrapped = this.wrapFactory(name, factory as (...args: unknown[]) => unknown, (created, site) =>
        this.models.set(created as LayersModel, { site, announced: false }),
      );
      // The namespace's own properties are read-only getters; the script's tfjs imports get the exposed copy.
      this.exposedOverrides[name] = wrapped;
    }
    this.registerScriptLayersOnApply();
  }

  /** True for layers of a class the script defined: what they compute is unknown, so their outputs are measured. */
  isScriptDefined(layer: Layer): boolean {
    return this.origin.isScriptDefined(layer);
  }

  /** Replacements for top-level tfjs exports, applied to the namespace the script imports. */
  readonly exposedOverrides: Record<string, unknown> = {};

  /** Which layer/weight a tf.Variable belongs to (variables outside layers stand for themselves). */
  ownerOf(variable: string): WeightOwner {
    let owner = this.owners.get(variable);
    if (!owner) {
      this.indexWeights();
      owner = this.owners.get(variable) ?? { layer: variable, weight: variable, size: 0 };
      this.owners.set(variable, owner);
    }
    return owner;
  }

  /**
   * The name `model` goes by in the model events: a Sequential trains through a LayersModel it wraps (its `model`,
   * named `<name>_model`), and that one's fit is what the instrumentation sees.
   */
  modelName(model: LayersModel): string {
    if (this.models.has(model)) return model.name;
    for (const registered of this.models.keys())
      if ((registered as LayersModel & { model?: unknown }).model === model) return registered.name;
    return model.name;
  }

  /** Layer and model events for everything built since the last call, layers first. */
  takeNewlyBuilt(): (LayerEvent | ModelEvent)[] {
    const events: (LayerEvent | ModelEvent)[] = [];
    for (const entry of this.layers) {
      if (entry.announced || !entry.layer.built) continue;
      entry.announced = true;
      events.push(describeLayer(entry.layer, entry.site, entry.assignedTo));
    }
    for (const [model, entry] of this.models) {
      if (entry.announced || !model.built) continue;
      entry.announced = true;
      events.push({
        type: 'model',
        name: model.name,
        className: model.getClassName(),
        layers: flattenLayers(model).map((layer) => layer.name),
        source: entry.site,
      });
    }
    return events;
  }

  get layerCount(): number {
    return this.layers.length;
  }

  get modelCount(): number {
    return this.models.size;
  }

  private wrapFactory(
    name: string,
    factory: (...args: unknown[]) => unknown,
    register: (created: unknown, site: SourceLocation | null) => void,
  ) {
    const locator = this.locator;
    const intercept = this.intercept;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const site = locator.capture(wrapped);
      const construct = (constructArgs: unknown[]) => factory.apply(this, constructArgs);
      const created = intercept ? intercept(name, args, site, construct) : construct(args);
      register(created, site);
      return created;
    };
    return wrapped;
  }

  /** Layer.apply is where every layer meets its inputs, whoever constructed it. */
  private registerScriptLayersOnApply(): void {
    const { tf, locator } = this;
    // Models (a user's LayersModel subclass included) are listed by model events, not as layers.
    const isNewScriptLayer = (layer: Layer) =>
      !this.registered.has(layer) && this.isScriptDefined(layer) && !(layer instanceof tf.LayersModel);
    // Registered at `apply`, whose value is the layer's output: a name assigned there is the output's, not the layer's.
    const register = (layer: Layer, site: SourceLocation | null) => this.addLayer(layer, site, undefined);
    const prototype = tf.layers.Layer.prototype as unknown as { apply: (this: Layer, ...args: unknown[]) => unknown };
    const apply = prototype.apply;
    this.hooks.patch(prototype, 'apply', function applyAndRegister(this: Layer, ...args: unknown[]) {
      if (isNewScriptLayer(this)) register(this, locator.capture(applyAndRegister));
      return apply.apply(this, args);
    });
  }

  private addLayer(layer: Layer, site: SourceLocation | null, assignedTo: string | undefined): void {
    if (isRnnCell(layer)) return;
    this.registered.add(layer);
    this.layers.push({ layer, site, assignedTo, announced: false });
    const internals = asInternals(layer);
    const call = internals.call;
    const observe = this.observe;
    this.hooks.patch(internals, 'call', function (this: Layer, inputs, kwargs) {
      const output = call.call(this, inputs, kwargs);
      observe(this, output, inputs);
      return output;
    });
  }

  private indexWeights(): void {
    for (const { layer } of this.layers) {
      for (const weight of layer.weights) {
        this.owners.set(weight.name, {
          layer: layer.name,
          weight: shortWeightName(weight.name),
          size: weight.shape.reduce<number>((product, dim) => product * (dim ?? 0), 1),
        });
      }
    }
  }
}

/** A model's layers input → output, with nested models replaced by their own layers. */
function flattenLayers(model: LayersModel): Layer[] {
  return model.layers.flatMap((layer) =>
    'layers' in layer && Array.isArray((layer as LayersModel).layers) ? flattenLayers(layer as LayersModel) : [layer],
  );
}
