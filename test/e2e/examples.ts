/** What the end-to-end tests know about the bundled examples, computed from their source (no line numbers written down). */

export const DYING_RELU = 'dying-relu-high-lr.js';
export const DEEP_SIGMOID = 'deep-sigmoid-vanishing.js';
/**
 * Dead from the first step (biases at -20): relu learns only the targets' mean, LeakyReLU learns. With the guided
 * flow's defaults at 4 seeds it is the one significant winner of Compare Activations (measured with the CLI).
 */
export const DEAD_START = 'dying-relu-dead-start.js';
export const DEAD_START_WINNER = 'leakyReLU';

export interface CallSite {
  /** 1-based, like the Problems panel and ActLens's findings. */
  line: number;
  column: number;
  /** The whole source line. */
  text: string;
}

/**
 * Where the source builds a layer, from its tfjs name: `dense_Dense2` is the second `tf.layers.dense(` call
 * (these examples build each layer with its own call, except in loops, which the callers avoid).
 */
export function callSite(source: string, layer: string): CallSite {
  const match = /^[a-z_]+_([A-Za-z]+?)(\d+)$/.exec(layer);
  if (!match) throw new Error(`not a tfjs layer name: ${layer}`);
  const factory = match[1]!.charAt(0).toLowerCase() + match[1]!.slice(1);
  const calls = [...source.matchAll(new RegExp(`tf\\.layers\\.${factory}\\(`, 'g'))];
  const call = calls[Number(match[2]) - 1];
  if (!call) throw new Error(`${layer}: the source has only ${calls.length} tf.layers.${factory}( calls`);
  const before = source.slice(0, call.index);
  const line = before.split('\n').length;
  const column = call.index! - before.lastIndexOf('\n');
  return { line, column, text: source.split('\n')[line - 1]! };
}

/** The fixes the journey applies, and what the line must look like afterwards. */
export const LEAKY_RELU_FIX = /^Insert leakyReLU\b.*alpha 0\.01/i;
export const LEAKY_RELU_LAYER = /tf\.layers\.leakyReLU\(\{ alpha: 0\.01 \}\)/;
export const RELU_HE_FIX = /^Swap activation to relu\b.*heNormal/i;
export const RELU_HE_LAYER = /tf\.layers\.dense\(\{.*activation: 'relu'.*kernelInitializer: 'heNormal'/;
