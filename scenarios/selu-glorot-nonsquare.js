// BROKEN SELU: GLOROT WITH NON-SQUARE LAYERS · standardised inputs, no dropout, but the default glorotUniform
// initialiser: its variance 2/(fanIn + fanOut) is 1/fanIn only for square layers, so a narrow layer feeding a
// wide one gets Var(z) = 2·fanIn/(fanIn + fanOut) ≈ 0.12 instead of 1, and the reverse ≈ 1.9.
// Label: activation-drift at layers 1, 3 and 4; layer 2 sits on the band's edge (allowed).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only selu-glorot-nonsquare
// --details`) (seed 1): training outputs' std 0.37, 0.50, 0.20, 0.31 (band 0.5–2), means within ±0.08.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 256, activation: 'selu' }));
  model.add(tf.layers.dense({ units: 16, activation: 'selu' }));
  model.add(tf.layers.dense({ units: 256, activation: 'selu' }));
  model.add(tf.layers.dense({ units: 16, activation: 'selu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.005), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
