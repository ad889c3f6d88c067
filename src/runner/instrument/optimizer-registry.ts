/**
 * Every optimizer the script trains with, with the line that built it: a `tf.train.*` factory call, or the
 * `model.compile({ optimizer: 'sgd' })` that named it by string (tfjs builds that one inside compile). A fix that
 * lowers the learning rate edits that line. Each optimizer is described once, when it first applies gradients.
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
    const { tf, locator, origins } = this;
    const prototype = tf.LayersModel.prototype as unknown as { compile: (this: LayersModel, args: unknown) => void };
    const compile = prototype.compile;
    prototype.compile = function compileAndLocate(this: LayersModel, args: unknown) {
      compile.call(this, args);
      if (typeof (args as { optimizer?: unknown } | null)?.optimizer === 'string')
        origins.set(this.optimizer, { source: locator.capture(compileAndLocate), builtBy: 'compile' });
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

  /** The optimizer's event the first time it applies `gradients`; null every later time. */
  describeOnce(optimizer: Optimizer, gradients: NamedGradients): OptimizerEvent | null {
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
