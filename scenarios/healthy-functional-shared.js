// HEALTHY · functional API with a shared layer: one ReLU encoder applied to both inputs of a pair, the two codes
// concatenated, and a small head on top.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-functional-shared
// --details`) (seed 1): 0 dead units in the shared encoder (over both inputs of all 2048 pairs) and in the head;
// gradients 0.6–1.4× the output's.
const tf = require('@tensorflow/tfjs');
const { pairs } = require('./lib/data');

async function main() {
  const { a, b, y } = pairs(2048, 12);
  const left = tf.input({ shape: [12] });
  const right = tf.input({ shape: [12] });
  const encoder = tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' });
  const joined = tf.layers.concatenate().apply([encoder.apply(left), encoder.apply(right)]);
  const hidden = tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }).apply(joined);
  const output = tf.layers.dense({ units: 1 }).apply(hidden);
  const model = tf.model({ inputs: [left, right], outputs: output });
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'meanSquaredError' });
  const history = await model.fit([a, b], y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
