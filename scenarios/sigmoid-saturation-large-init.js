// SATURATION · sigmoid hidden layers initialised with stddev 3: pre-activations of ±10 and more, where σ′ ≈ 0 —
// most units are stuck at 0 or 1 and learn (almost) nothing.
// Label: saturation at both hidden sigmoid layers.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only sigmoid-saturation-large-init
// --details`) (seed 1): 78% and 68% of the hidden layers' training outputs beyond |pre-activation| 5 in each of
// the last three 20-step blocks.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1536, 8, 3);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 32, activation: 'sigmoid', kernelInitializer: tf.initializers.randomNormal({ stddev: 3 }) }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid', kernelInitializer: tf.initializers.randomNormal({ stddev: 3 }) }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 48, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
