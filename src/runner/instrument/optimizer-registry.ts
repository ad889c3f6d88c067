/**
 * Every optimizer the script trains with, with the line that built it: a `tf.train.*` factory call, or the
 * `model.compile({ optimizer: 'sgd' })` that named it by string (tfjs builds that one inside compile). A fix that
 * lowers the learning rate edits that line. Each optimizer is described once, when it first applies gradients.
 * Compile also says which loss a model trains with, when it names it; the targets' level (targets-probe.ts)
 * carries it, since the trivial predictor's loss depends on it.
 */
import type { OptimizerEvent, SourceLocation } from '../../core/events.ts';
import type { CallSiteLocator } from '../call-site.ts';
import type { LayersModel, NamedGradients, Optimizer, Tf } from './tfjs-types.ts';

/** The `tf.train` factories, one per optimizer class tfjs has. */
const FACTORIES = ['sgd', 'momentum', 'adam', 'adamax', 'adagrad', 'adadelta', 'rmsprop'] as const;

interface Origin {
  source: SourceLocation | null;
  builtBy: OptimizerEvent['builtBy'];
}

export class OptimizerRegistry {
  private readonly origins = new WeakMap<Optimizer, Origin>();
  private readonly described = new WeakSet<Optimizer>();
  /** The optimizer of the last step: nearly every step's, checked before the set. */
  private lastSeen: Optimizer | null = null;
  /** The loss each model was compiled with, when `compile` was given it by name: what its targets are judged by. */
  private readonly losses = new WeakMap<LayersModel, string | null>();

  constructor(
    private readonly tf: Tf,
    private readonly locator: CallSiteLocator,
    private readonly layerOf: (variable: string) => string,
  ) {}

  /**
   * Wraps `LayersModel.compile` and returns the script's `tf.train`: tfjs's own stays as it is, because compile
   * builds its string-named optimizers with it, and those belong to the compile line.
   */
  install(): { train: unknown } {
    const { tf, locator, origins, losses } = this;
    const prototype = tf.LayersModel.prototype as unknown as { compile: (this: LayersModel, args: unknown) => void };
    const compile = prototype.compile;
    prototype.compile = function compileAndLocate(this: LayersModel, args: unknown) {
      compile.call(this, args);
      const { optimizer, loss } = (args ?? {}) as { optimizer?: unknown; loss?: unknown };
      if (typeof optimizer === 'string')
        origins.set(this.optimizer, { source: locator.capture(compileAndLocate), builtBy: 'compile' });
      // A recompile replaces the loss; a function or a per-output list is not named here.
      losses.set(this, typeof loss === 'string' ? loss : null);
    };
    // `tf.train` is a class of static factories: the script's copy inherits them and overrides each one it wraps.
    const train = Object.create(tf.train) as Record<string, unknown>;
    for (const name of FACTORIES) {
      const factory = (tf.train as unknown as Record<string, (...args: unknown[]) => Optimizer>)[name];
      if (typeof factory !== 'function') continue;
      train[name] = function buildAndLocate(...args: unknown[]) {
        const optimizer = factory.apply(tf.train, args);
        origins.set(optimizer, { source: locator.capture(buildAndLocate), builtBy: 'factory' });
        return optimizer;
      };
    }
    return { train };
  }

  /** The loss `model` was last compiled with, by name; null when it was a function or a list, or never compiled here. */
  lossOf(model: LayersModel): string | null {
    return this.losses.get(model) ?? null;
  }

  /** The optimizer's event the first time it applies `gradients`; null every later time. */
  describeOnce(optimizer: Optimizer, gradients: NamedGradients): OptimizerEvent | null {
    if (optimizer === this.lastSeen) return null;
    this.lastSeen = optimizer;
    if (this.described.has(optimizer)) return null;
    this.described.add(optimizer);
    const variables = Array.isArray(gradients) ? gradients.map(({ name }) => name) : Object.keys(gradients);
    const { learningRate } = optimizer as Optimizer & { learningRate?: unknown };
    const origin = this.origins.get(optimizer) ?? { source: null, builtBy: 'other' };
    return {
      type: 'optimizer',
      className: optimizer.getClassName(),
      learningRate: typeof learningRate === 'number' && Number.isFinite(learningRate) ? learningRate : null,
      source: origin.source,
      builtBy: origin.builtBy,
      layers: [...new Set(variables.map(this.layerOf))],
    };
  }
}
