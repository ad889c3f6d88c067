/**
 * Swaps the activation of chosen layers as they are constructed, to compare activations without editing
 * the script. Each swap brings the companion change the activation needs: SELU gets leCunNormal weights;
 * LeakyReLU (α = 0.01) and PReLU, which tfjs has only as layers, are applied right after the layer's own
 * (now linear) output — the same computation as inserting that layer after it.
 */
import type { RunnerConfig } from '../core/runner-config.ts';
import type { SourceLocation } from '../core/events.ts';
import { activationInfo, isReluFamily, LEAKY_RELU_ALPHA } from '../core/activations.ts';
import { asInternals, type Layer, type Tensor, type Tf } from './instrument/tfjs-types.ts';

/** Decides how one factory call constructs its layer; `construct` is the original factory. */
export type FactoryInterceptor = (
  factory: string,
  args: unknown[],
  site: SourceLocation | null,
  construct: (args: unknown[]) => unknown,
) => unknown;

type Override = RunnerConfig['activationOverrides'][number];

/** Activations tfjs offers only as layers, applied after the host layer's linear output. */
const LAYER_ACTIVATIONS = new Set(['leakyReLU', 'prelu']);

export function activationInterceptor(tf: Tf, overrides: Override[], entryScript: string): FactoryInterceptor | null {
  if (overrides.length === 0) return null;
  return (_factory, args, site, construct) => {
    const options = args[0];
    if (!options || typeof options !== 'object' || !('activation' in options)) return construct(args);
    const layerOptions = options as Record<string, unknown>;
    const constructSwapped = (to: string, name?: string) => {
      const layerActivation = LAYER_ACTIVATIONS.has(activationInfo(to)?.id ?? to);
      const swappedOptions: Record<string, unknown> = { ...layerOptions, activation: layerActivation ? 'linear' : to };
      if (name !== undefined) swappedOptions.name = name;
      if (activationInfo(to)?.preferredInitializer === 'leCunNormal') swappedOptions.kernelInitializer = 'leCunNormal';
      const layer = construct([swappedOptions, ...args.slice(1)]) as Layer;
      return layerActivation ? withLayerActivation(tf, layer, to) : layer;
    };
    const byOptions = overrides.find(({ match }) =>
      'line' in match
        ? site?.file === entryScript && site.line === match.line
        : 'allRelu' in match
          ? typeof layerOptions.activation === 'string' && isReluFamily(layerOptions.activation)
          : layerOptions.name === match.name,
    );
    if (byOptions) return constructSwapped(byOptions.to);
    // Unnamed layers get their name at construction: build once to learn it, then again with the swap and that name.
    const byName = overrides.filter((override) => 'name' in override.match);
    if (byName.length === 0 || layerOptions.name !== undefined) return construct(args);
    const probe = construct(args) as Layer;
    const override = byName.find(({ match }) => 'name' in match && match.name === probe.name);
    return override ? constructSwapped(override.to, probe.name) : probe;
  };
}

/** Applies LeakyReLU/PReLU after the layer's own output; PReLU's slopes become the layer's trainable weights. */
export function withLayerActivation(tf: Tf, layer: Layer, to: string): Layer {
  const key = activationInfo(to)?.id ?? to;
  if (!LAYER_ACTIVATIONS.has(key)) return layer;
  const internals = asInternals(layer) as ReturnType<typeof asInternals> & {
    build(shape: unknown): void;
    _trainableWeights: unknown[];
  };
  const after = key === 'prelu' ? tf.layers.prelu({ name: `${layer.name}_prelu` }) : null;
  if (after) {
    const build = internals.build;
    internals.build = function (this: Layer, inputShape: unknown) {
      build.call(this, inputShape);
      after.build(this.computeOutputShape(inputShape as never));
      internals._trainableWeights.push(...(after as unknown as { _trainableWeights: unknown[] })._trainableWeights);
    };
  }
  const call = internals.call;
  internals.call = function (this: Layer, inputs, kwargs) {
    const output = call.call(this, inputs, kwargs) as Tensor;
    return after ? (after.call(output, kwargs) as Tensor) : tf.leakyRelu(output, LEAKY_RELU_ALPHA);
  };
  return layer;
}
