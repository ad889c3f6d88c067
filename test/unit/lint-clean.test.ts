import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintSource } from '../../src/analysis/lint/index.ts';
import { FindingSchema } from '../../src/core/findings.ts';
import { code } from './fixes-harness.ts';

describe('lintSource', () => {
  it('finds nothing in a healthy ReLU MLP', () => {
    const source = code`
      import * as tf from '@tensorflow/tfjs-node';
      const model: tf.Sequential = tf.sequential();
      model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [16] }));
      model.add(tf.layers.dropout({ rate: 0.2 }));
      model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
      model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    `;
    assert.deepEqual(lintSource(source, 'mlp.ts'), []);
  });

  it('returns findings that match the protocol schema, in source order', () => {
    const source = code`
      model.add(tf.layers.leakyReLU());
      model.add(tf.layers.dense({ units: 8, activation: 'selu' }));
      model.add(tf.layers.dropout({ rate: 0.1 }));
    `;
    const findings = lintSource(source, 'train.js');
    assert.deepEqual(
      findings.map((finding) => finding.kind),
      ['lint-leaky-relu-alpha', 'lint-selu-initializer', 'lint-selu-dropout'],
    );
    for (const finding of findings) assert.deepEqual(FindingSchema.parse(finding), finding);
  });
});
