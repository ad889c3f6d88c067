/** What a built tfjs layer is, in protocol terms. */
import type { LayerEvent, SourceLocation } from '../../core/events.ts';
import { activationOfLayerClass } from '../../core/activations.ts';
import { activationName, isGated, outputCell } from './recurrent-cells.ts';
import { asInternals, type Initializer, type Layer } from './tfjs-types.ts';

/**
 * The activation a layer applies to its output, in tfjs's spelling; null when it applies none of its own.
 * For RNN layers, their cell's output activation (an LSTM's tanh of the cell state).
 */
export function layerActivation(layer: Layer): string | null {
  const activationLayer = activationOfLayerClass(layerClassName(layer));
  if (activationLayer) return activationLayer.id;
  const cell = outputCell(layer);
  return activationName(cell ? cell.activation : asInternals(layer).activation);
}

/** False when the layer's output values are not its activation's (LSTM and GRU gate theirs; see isGated). */
export function outputIsTheActivation(layer: Layer): boolean {
  const cell = outputCell(layer);
  return !cell || !isGated(cell);
}

/** getClassName() answers a class's static className; a script's own layer class may not set one. */
export function layerClassName(layer: Layer): string {
  return (layer.getClassName() as string | undefined) ?? layer.constructor.name;
}

/** `assignedTo`: the name the script gives the layer at `source` (CallSiteLocator.assignedTo). */
export function describeLayer(layer: Layer, source: SourceLocation | null, assignedTo?: string): LayerEvent {
  const internals = asInternals(layer);
  const weights = layer.weights.map((weight) => ({
    name: shortWeightName(weight.name),
    variable: weight.name,
    shape: weight.shape.map((dim) => dim ?? 0),
    size: weight.shape.reduce<number>((product, dim) => product * (dim ?? 0), 1),
    trainable: weight.trainable,
  }));
  const outputShape = safely(() => layer.outputShape as (number | null)[] | (number | null)[][]);
  const flatShape =
    Array.isArray(outputShape) && !Array.isArray(outputShape[0]) ? (outputShape as (number | null)[]) : null;
  const config: LayerEvent['config'] = {};
  // An RNN layer's options live on its cell.
  const cell = outputCell(layer);
  const initializer = initializerName(internals.kernelInitializer ?? cell?.kernelInitializer);
  if (initializer) config.kernelInitializer = initializer;
  const useBias = internals.useBias ?? cell?.useBias;
  if (typeof useBias === 'boolean') config.useBias = useBias;
  // A layer without a bias still holds an initializer for it; naming it would suggest a bias that is not there.
  const biasInitializer = useBias === false ? undefined : (internals.biasInitializer ?? cell?.biasInitializer);
  // A script's own initializer class may not set a class name.
  const biasInitializerName = biasInitializer?.getClassName() as string | undefined;
  if (biasInitializerName) config.biasInitializer = biasInitializerName;
  if (typeof biasInitializer?.value === 'number') config.biasConstant = biasInitializer.value;
  if (typeof internals.alpha === 'number') config.alpha = internals.alpha;
  if (typeof internals.rate === 'number') config.rate = internals.rate;
  const recurrentActivation = activationName(cell?.recurrentActivation);
  if (recurrentActivation) config.recurrentActivation = recurrentActivation;
  return {
    type: 'layer',
    name: layer.name,
    className: layerClassName(layer),
    activation: layerActivation(layer),
    units: layerUnits(layer, flatShape),
    outputShape: flatShape,
    params: weights.reduce((sum, weight) => sum + weight.size, 0),
    weights,
    config,
    source,
    ...(assignedTo === undefined ? {} : { assignedTo }),
  };
}

/** Units (Dense) or channels (convolutions): the axis dead-unit detection reduces to. */
export function layerUnits(layer: Layer, outputShape: (number | null)[] | null): number | null {
  const internals = asInternals(layer);
  if (typeof internals.units === 'number') return internals.units;
  if (typeof internals.filters === 'number') return internals.filters;
  if (!outputShape || outputShape.length < 2) return null;
  const axis = internals.dataFormat === 'channelsFirst' ? 1 : outputShape.length - 1;
  return outputShape[axis] ?? null;
}

function safely<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** `dense_Dense1/kernel` → `kernel`. */
export function shortWeightName(variable: string): string {
  return variable.slice(variable.lastIndexOf('/') + 1);
}

/** `heNormal`, `leCunNormal`, …: the subclass's name (getClassName() answers the shared `VarianceScaling`). */
function initializerName(initializer: Initializer | undefined): string | undefined {
  if (!initializer) return undefined;
  const name = (initializer.constructor as { className?: string }).className ?? initializer.getClassName();
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * True for a layer whose every call in a model takes the model's inputs directly: the first layer of a sequential
 * model, a functional model's layers whose inbound layers are all InputLayers. Its input is the script's data.
 */
export function isFedByModelInput(layer: Layer): boolean {
  const nodes = layer.inboundNodes;
  return (
    nodes.length > 0 &&
    nodes.every(
      ({ inboundLayers }) =>
        inboundLayers.length > 0 && inboundLayers.every((inbound) => inbound.getClassName() === 'InputLayer'),
    )
  );
}
