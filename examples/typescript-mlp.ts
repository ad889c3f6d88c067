// A TypeScript training script with a typed helper module imported without its extension.
// ActLens compiles it on the fly (esbuild) and maps every layer back to this file's lines.
import * as tf from '@tensorflow/tfjs';
import { spirals } from './synthetic-data';

interface TrainingSettings {
  hiddenUnits: number;
  epochs: number;
  learningRate: number;
}

function buildModel(settings: TrainingSettings): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: settings.hiddenUnits, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: settings.hiddenUnits, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(settings.learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function main(): Promise<void> {
  const settings: TrainingSettings = { hiddenUnits: 32, epochs: 6, learningRate: 0.01 };
  const { x, y } = spirals(1024) as { x: tf.Tensor2D; y: tf.Tensor2D };
  const model = buildModel(settings);
  const history = await model.fit(x, y, { epochs: settings.epochs, batchSize: 32, verbose: 0 });
  const accuracy = history.history.acc as number[];
  console.log(`final accuracy ${accuracy[accuracy.length - 1]!.toFixed(3)}`);
}

main();
