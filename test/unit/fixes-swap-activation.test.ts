import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, fixed, refusal } from './fixes-harness.ts';

const toElu = { action: 'swap-activation', to: 'elu' } as const;
const toSelu = { action: 'swap-activation', to: 'selu', kernelInitializer: 'leCunNormal' } as const;
const toRelu = { action: 'swap-activation', to: 'relu', kernelInitializer: 'heNormal' } as const;

describe('swap-activation', () => {
  it('replaces the activation string in a single-line options object', () => {
    const source = code`
      model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [10] }));
    `;
    assert.equal(
      fixed(source, toElu, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({ units: 64, activation: 'elu', inputShape: [10] }));
    `,
    );
  });

  it('keeps double quotes and adds the initializer with them', () => {
    const source = code`
      model.add(tf.layers.dense({units: 64, activation: "relu"}));
    `;
    assert.equal(
      fixed(source, toSelu, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({units: 64, activation: "selu", kernelInitializer: "leCunNormal"}));
    `,
    );
  });

  it('keeps a backtick-quoted activation in backticks', () => {
    const source = code`
      model.add(tf.layers.dense({ units: 64, activation: \`relu\` }));
    `;
    assert.equal(
      fixed(source, { action: 'swap-activation', to: 'swish' }, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({ units: 64, activation: \`swish\` }));
    `,
    );
  });

  it('adds the initializer on its own line in a multi-line object with a trailing comma', () => {
    const source = code`
      model.add(tf.layers.dense({
        units: 64,
        activation: 'relu',
      }));
    `;
    assert.equal(
      fixed(source, toSelu, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({
        units: 64,
        activation: 'selu',
        kernelInitializer: 'leCunNormal',
      }));
    `,
    );
  });

  it('adds the initializer without a trailing comma when the object has none, leaving a comment on its line', () => {
    const source = code`
      model.add(tf.layers.dense({
        units: 64,
        activation: 'relu' // hidden layer
      }));
    `;
    assert.equal(
      fixed(source, toSelu, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({
        units: 64,
        activation: 'selu', // hidden layer
        kernelInitializer: 'leCunNormal'
      }));
    `,
    );
  });

  it('replaces an existing initializer and turns a saturating activation into ReLU with heNormal', () => {
    const source = code`
      model.add(tf.layers.dense({ units: 32, activation: 'sigmoid', kernelInitializer: 'glorotUniform' }));
    `;
    assert.equal(
      fixed(source, toRelu, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
    `,
    );
  });

  it('adds the activation when the layer has none, in the quote style of the file', () => {
    const source = code`
      const tf = require("@tensorflow/tfjs");
      model.add(tf.layers.dense({ units: 32 }));
    `;
    assert.equal(
      fixed(source, toSelu, 'tf.layers.dense'),
      code`
      const tf = require("@tensorflow/tfjs");
      model.add(tf.layers.dense({ units: 32, activation: "selu", kernelInitializer: "leCunNormal" }));
    `,
    );
  });

  it('writes both new options one per line in a multi-line object', () => {
    const source = code`
      model.add(tf.layers.dense({
        units: 32
      }));
    `;
    assert.equal(
      fixed(source, toSelu, 'tf.layers.dense'),
      code`
      model.add(tf.layers.dense({
        units: 32,
        activation: 'selu',
        kernelInitializer: 'leCunNormal'
      }));
    `,
    );
  });

  it('keeps CRLF line breaks and tab indentation', () => {
    const source = "model.add(tf.layers.dense({\r\n\tunits: 32,\r\n\tactivation: 'relu',\r\n}));\r\n";
    assert.equal(
      fixed(source, toSelu, 'tf.layers.dense'),
      "model.add(tf.layers.dense({\r\n\tunits: 32,\r\n\tactivation: 'selu',\r\n\tkernelInitializer: 'leCunNormal',\r\n}));\r\n",
    );
  });

  it('edits a TypeScript file with type annotations and casts', () => {
    const source = code`
      import * as tf from '@tensorflow/tfjs-node';
      const input: tf.SymbolicTensor = tf.input({ shape: [4] });
      const hidden = tf.layers.dense({ units: 16, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    `;
    assert.equal(
      fixed(source, toElu, { needle: 'tf.layers.dense', fileName: 'train.ts' }),
      code`
      import * as tf from '@tensorflow/tfjs-node';
      const input: tf.SymbolicTensor = tf.input({ shape: [4] });
      const hidden = tf.layers.dense({ units: 16, activation: 'elu' }).apply(input) as tf.SymbolicTensor;
    `,
    );
  });

  it('edits the layer inside a helper function', () => {
    const source = code`
      function hiddenLayer(units) {
        return tf.layers.dense({ units, activation: 'relu' });
      }
    `;
    assert.equal(
      fixed(source, toElu, 'tf.layers.dense'),
      code`
      function hiddenLayer(units) {
        return tf.layers.dense({ units, activation: 'elu' });
      }
    `,
    );
  });

  it('refuses an activation given as a variable, naming it', () => {
    const source = `model.add(tf.layers.dense({ units: 8, activation: hiddenActivation }));\n`;
    assert.match(
      refusal(source, toElu, 'tf.layers.dense'),
      /activation is given as `hiddenActivation`, not as a literal/,
    );
  });

  it('refuses options held in a variable', () => {
    const source = `const config = { units: 8, activation: 'relu' };\nmodel.add(tf.layers.dense(config));\n`;
    assert.match(refusal(source, toElu, 'tf.layers.dense'), /options are passed as `config`/);
  });

  it('refuses to overwrite an initializer written as an expression', () => {
    const source = `model.add(tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }));\n`;
    assert.match(
      refusal(source, toSelu, 'tf.layers.dense'),
      /kernelInitializer is given as `tf\.initializers\.heNormal\(\{ seed: 1 \}\)`/,
    );
  });

  it('refuses layers without an activation option and activations already in place', () => {
    assert.equal(
      refusal(`model.add(tf.layers.dropout({ rate: 0.2 }));\n`, toElu, 'tf.layers'),
      'a dropout layer has no activation option',
    );
    assert.match(
      refusal(`model.add(tf.layers.dense({ units: 1, activation: 'elu' }));\n`, toElu, 'tf.layers'),
      /already/,
    );
  });
});
