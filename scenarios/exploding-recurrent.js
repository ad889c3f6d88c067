// EXPLODING GRADIENTS · recurrent-style repeated multiplication: a linear recurrent layer over 20 time steps
// whose recurrent matrix starts orthogonal × 1.3 (the state is multiplied by it at every step, forward and
// backward), trained with Adam at a learning rate of 0.15, large enough to push that matrix further up.
const tf = require('@tensorflow/tfjs');

async function main() {
  const steps = 20;
  const x = tf.randomNormal([1024, steps, 4]);
  const y = x.mean(1).sum(1, true);
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ inputShape: [steps, 4], units: 16, activation: 'linear', recurrentInitializer: tf.initializers.orthogonal({ gain: 1.3 }) }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.15), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
