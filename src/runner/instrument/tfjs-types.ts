/**
 * The tfjs shapes the instrumentation touches, typed from ActLens's own tfjs. At run time the objects may
 * come from the user's copy (same 4.x API); only these members are relied on.
 */
import type * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export type Tensor = tfjs.Tensor;
export type Scalar = tfjs.Scalar;
export type Layer = tfjs.layers.Layer;
export type LayersModel = tfjs.LayersModel;
export type Optimizer = tfjs.Optimizer;
export type NamedGradients = tfjs.NamedTensorMap | { name: string; tensor: Tensor }[];

/** An activation function object (`tf.layers.dense({activation})` keeps one): its class name is the tfjs spelling. */
export interface ActivationFunction {
  getClassName(): string;
}

/** A weight initializer; tfjs's `Constant` keeps its value as `value`. */
export interface Initializer {
  getClassName(): string;
  value?: unknown;
}

/** An RNN cell (LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells, a user's RNNCell): where RNN layers keep their activations. */
export interface CellInternals {
  activation?: ActivationFunction;
  /** The gates' activation: LSTM and GRU cells only. */
  recurrentActivation?: ActivationFunction;
  /** StackedRNNCells: the cells, input first. */
  cells?: CellInternals[];
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  useBias?: boolean;
}

/** Layer internals that are public in practice but not in the typings. */
export interface LayerInternals {
  activation?: ActivationFunction;
  /** RNN layers (LSTM, GRU, SimpleRNN, tf.layers.rnn, ConvLSTM2D). */
  cell?: CellInternals;
  /** Bidirectional: the wrapped RNN running forwards, and how its output joins the backward one's. */
  forwardLayer?: Layer;
  mergeMode?: string | null;
  units?: number;
  filters?: number;
  alpha?: number;
  rate?: number;
  dataFormat?: string;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  useBias?: boolean;
  call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor | Tensor[];
}

export function asInternals(layer: Layer): Layer & LayerInternals {
  return layer as Layer & LayerInternals;
}
