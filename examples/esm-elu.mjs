// An ES module with named imports and top-level await, training an ELU network.
import { layers, sequential, train } from '@tensorflow/tfjs';
import data from './synthetic-data.js';

const { x, y } = data.spirals(1024);
const model = sequential();
model.add(layers.dense({ inputShape: [2], units: 48, activation: 'elu', kernelInitializer: 'heNormal' }));
model.add(layers.dense({ units: 48, activation: 'elu', kernelInitializer: 'heNormal' }));
model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: train.adam(0.005), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
