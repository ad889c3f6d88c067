// NON-FINITE · SGD with a learning rate of 3 on a ReLU regression: every step overshoots further until the
// outputs overflow float32 and the weights turn into NaN.
// Label: non-finite at the output layer (its activations are the first non-finite values, at step 4) and
// exploding-gradient there (the largest gradient): the norm grew from 13.6 at the first step to ~4e16 at the third,
// far past the 100× that counts before an overflow (a diverged run is judged on its finite steps); large updates.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only nan-huge-learning-rate
// --details`) (seed 1).
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(3), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
