/**
 * Tells layers of the script's own classes (tf.layers.Layer subclasses it defines, registered for serialisation
 * or not) from tfjs's: tfjs registers every layer class of its own when it loads, before the script runs.
 */
import type { Layer, Tf } from './tfjs-types.ts';

export class LayerOrigin {
  private readonly tfjsClasses: ReadonlySet<unknown>;

  constructor(tf: Tf) {
    const registered = tf.serialization.SerializationMap.getMap().classNameMap;
    this.tfjsClasses = new Set(Object.values(registered).map(([constructor]) => constructor));
  }

  isScriptDefined(layer: Layer): boolean {
    return !this.tfjsClasses.has(layer.constructor);
  }
}
