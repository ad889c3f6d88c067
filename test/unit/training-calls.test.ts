import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTrainingCalls } from '../../src/source/training-calls.ts';

const lines = (source: string) =>
  findTrainingCalls(source, 'train.js').map(({ method, line, loop }) => ({ method, line, ...(loop && { loop }) }));

describe('training calls', () => {
  it('finds fit and fitDataset calls at their own line, in a loop or not', () => {
    const source = `const tf = require('@tensorflow/tfjs');
async function main(model, xs, ys, dataset) {
  await model.fit(xs, ys, { epochs: 5 });
  for (let round = 0; round < 3; round++) {
    await model.fitDataset(dataset, { epochs: 1 });
  }
}
`;
    assert.deepEqual(lines(source), [
      { method: 'fit', line: 3 },
      { method: 'fitDataset', line: 5 },
    ]);
    const [fit] = findTrainingCalls(source, 'train.js');
    assert.equal(fit!.column, 9, 'at `model`, after `await `');
  });

  it('puts a minimize in a for loop on the outermost loop of its function, once per loop', () => {
    const source = `const optimizer = tf.train.sgd(0.1);
function train(batches) {
  for (let epoch = 0; epoch < 10; epoch++) {
    for (const batch of batches) {
      optimizer.minimize(() => loss(batch));
      optimizer.minimize(() => otherLoss(batch));
    }
  }
}
`;
    assert.deepEqual(lines(source), [{ method: 'minimize', line: 3, loop: 'for' }]);
  });

  it('finds applyGradients in a while loop through a tf.tidy callback, and a step call outside any loop at the call', () => {
    const source = `let step = 0;
while (step < 100) {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => loss());
    optimizer.applyGradients(grads);
  });
  step++;
}
function once() {
  optimizer.minimize(() => loss());
}
`;
    assert.deepEqual(lines(source), [
      { method: 'applyGradients', line: 2, loop: 'while' },
      { method: 'minimize', line: 10 },
    ]);
  });

  it('stops at a named function: the loop that calls it is not the one around the step', () => {
    const source = `for (let i = 0; i < 3; i++) {
  const step = function () {
    optimizer.minimize(() => loss());
  };
  step();
}
`;
    assert.deepEqual(lines(source), [{ method: 'minimize', line: 3 }]);
  });

  it('finds nothing in a script that does not train, nor calls without arguments or other names', () => {
    assert.deepEqual(
      lines(`const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [1] }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.predict(tf.ones([1, 1]));
chart.fit();
fit(x);
model['fit'](x, y);
`),
      [],
    );
  });

  it('counts lines as the editor does (CRLF) and reads TypeScript', () => {
    const source = 'const a: number = 1;\r\n\r\nawait model.fit(xs as tf.Tensor, ys);\r\n';
    assert.deepEqual(
      findTrainingCalls(source, 'train.ts').map(({ line, column }) => ({ line, column })),
      [{ line: 3, column: 7 }],
    );
  });
});
