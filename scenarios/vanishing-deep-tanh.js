// VANISHING GRADIENTS · twelve tanh layers with tfjs's 'randomNormal' initialiser (stddev 0.05): each layer
// scales its input by about √32 · 0.05 ≈ 0.28, forward and backward, so the first layers get almost nothing.
// Label: vanishing-gradient at the first layer and at the loop's line.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only vanishing-deep-tanh --details`)
// (seed 1), median gradient norms over the last three 20-step blocks: layer 1 4.1e-7 (1.5e-5× the output
// layer's), layers 2–6 (the loop) 4.4e-7–2.0e-5 (≤ 7.5e-4× the output's); accuracy stays at 0.50.
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./lib/data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: 'tanh', kernelInitializer: 'randomNormal' }));
  for (let i = 0; i < 11; i++) {
    model.add(tf.layers.dense({ units: 32, activation: 'tanh', kernelInitializer: 'randomNormal' }));
  }
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
