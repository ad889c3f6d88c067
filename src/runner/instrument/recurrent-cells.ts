/**
 * What an RNN layer's output is made of. tfjs's RNN layers (LSTM, GRU, SimpleRNN, tf.layers.rnn, ConvLSTM2D)
 * keep their activations on their cell, not on the layer; a Bidirectional layer keeps its RNN as `forwardLayer`.
 * Only the layer's output is observable: the gates' values inside the cell are not.
 */
import { asInternals, type ActivationFunction, type CellInternals, type Layer } from './tfjs-types.ts';

/**
 * The cell whose output the layer returns: its own, the last of stacked cells, or the wrapped RNN's for a
 * Bidirectional layer whose merge leaves the values as they are (concatenated, or returned as a list). Null for
 * layers without cells, and for Bidirectional sums, products and averages: their values are no cell's output.
 */
export function outputCell(layer: Layer): CellInternals | null {
  const { forwardLayer, mergeMode, cell } = asInternals(layer);
  if (forwardLayer) return mergeMode === 'concat' || mergeMode == null ? outputCell(forwardLayer) : null;
  let last = cell;
  while (last?.cells) last = last.cells.at(-1);
  return last ?? null;
}

/**
 * True when the cell mixes its activation with gates — LSTM: h = o·tanh(c), GRU: h = z·h₋₁ + (1 − z)·tanh(…) — so
 * that an output value says nothing certain about where the activation's input was (|h| < 1 can be a closed gate
 * in front of a saturated tanh). A SimpleRNN's output is the activation's output itself.
 */
export function isGated(cell: CellInternals): boolean {
  return cell.recurrentActivation !== undefined;
}

/**
 * Cells are parts of an RNN layer, not layers of the model: the RNN calls them once per time step and owns
 * their weights. Every cell has a state size; layers have none.
 */
export function isRnnCell(layer: Layer): boolean {
  return 'stateSize' in layer;
}

/** `tanh`, `hardSigmoid`, …: an activation object's class name is tfjs's spelling of it. */
export function activationName(activation: ActivationFunction | undefined): string | null {
  return activation && typeof activation.getClassName === 'function' ? activation.getClassName() : null;
}
