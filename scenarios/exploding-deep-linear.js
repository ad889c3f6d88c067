// EXPLODING GRADIENTS · a deep linear network (eight dense layers without activations, no normalisation) with
// weights initialised too large (stddev 0.25: each layer multiplies by about √32 · 0.25 ≈ 1.4) and Adam at a
// learning rate of 0.1: every step grows the weights, and the product of eight of them grows faster.
// Label: exploding-gradient at the output layer (the largest gradient when the growth is established).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only exploding-deep-linear
// --details`) (seed 1): median whole-net gradient norm per 20 steps 4.1e5, 2.8e5, 5.6e6, 2.5e8, 7.7e10, 7.5e11,
// 1.9e12, 6.6e11, 4.2e11, 2.5e11 — 20–311× growth per window for four windows, then ~1e6× above its level before
// the growth until the end (loss 27 → 7.8e9). Never NaN.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const init = () => tf.initializers.randomNormal({ stddev: 0.25 });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init() }));
  model.compile({ optimizer: tf.train.adam(0.1), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
