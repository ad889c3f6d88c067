// SELU WITH PLAIN DROPOUT · standardised inputs and leCunNormal, but tf.layers.dropout (rate 0.3) after every
// SELU layer instead of alphaDropout.
// Label: no finding at warning or above — measured, the SELU layers stay on the fixed point, so the documented
// activation-drift rule is not met; the static lint (info) flags the dropout.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only selu-plain-dropout --details`)
// (seed 1): training outputs' mean −0.02 to −0.003, std 0.90–0.99 in every SELU layer (also with rate 0.5: no
// layer leaves the band).
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.005), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
