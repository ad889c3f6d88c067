import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, fixed, refusal } from './fixes-harness.ts';

const zeros = { action: 'set-option', option: 'biasInitializer', value: 'zeros' } as const;
const small = { action: 'set-option', option: 'biasInitializer', value: 0.01 } as const;

describe('set-option biasInitializer', () => {
  it('replaces a constant initializer written as a call with zeros', () => {
    assert.equal(
      fixed(
        `model.add(tf.layers.dense({ units: 8, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -4 }) }));\n`,
        zeros,
        'tf.layers',
      ),
      `model.add(tf.layers.dense({ units: 8, activation: 'relu', biasInitializer: 'zeros' }));\n`,
    );
  });

  it('replaces a string, a variable, or a multi-line expression, and rewrites shorthand', () => {
    assert.equal(
      fixed(`tf.layers.dense({ units: 8, biasInitializer: "ones" });\n`, zeros, 'tf.layers'),
      `tf.layers.dense({ units: 8, biasInitializer: "zeros" });\n`,
    );
    assert.equal(
      fixed(`tf.layers.dense({ units: 8, biasInitializer: negativeBias });\n`, zeros, 'tf.layers'),
      `tf.layers.dense({ units: 8, biasInitializer: 'zeros' });\n`,
    );
    const multiLine = code`
      model.add(tf.layers.dense({
        units: 8,
        biasInitializer: tf.initializers.constant({
          value: -4,
        }),
        activation: 'relu',
      }));
    `;
    assert.equal(
      fixed(multiLine, zeros, 'tf.layers'),
      code`
      model.add(tf.layers.dense({
        units: 8,
        biasInitializer: 'zeros',
        activation: 'relu',
      }));
    `,
    );
    assert.equal(
      fixed(`tf.layers.dense({ units: 8, biasInitializer });\n`, zeros, 'tf.layers'),
      `tf.layers.dense({ units: 8, biasInitializer: 'zeros' });\n`,
    );
  });

  it('adds the option when it is absent', () => {
    assert.equal(
      fixed(`tf.layers.dense({ units: 8, activation: 'relu' });\n`, zeros, 'tf.layers'),
      `tf.layers.dense({ units: 8, activation: 'relu', biasInitializer: 'zeros' });\n`,
    );
    assert.equal(
      fixed(`tf.layers.conv2d();\n`, zeros, 'tf.layers'),
      `tf.layers.conv2d({ biasInitializer: 'zeros' });\n`,
    );
  });

  it('writes a small positive constant through the namespace the layer call uses', () => {
    assert.equal(
      fixed(
        `tf.layers.dense({ units: 8, biasInitializer: tf.initializers.constant({ value: -4 }) });\n`,
        small,
        'tf.layers',
      ),
      `tf.layers.dense({ units: 8, biasInitializer: tf.initializers.constant({ value: 0.01 }) });\n`,
    );
    assert.equal(
      fixed(`tfjs.layers.dense({ units: 8 });\n`, small, 'tfjs.layers'),
      `tfjs.layers.dense({ units: 8, biasInitializer: tfjs.initializers.constant({ value: 0.01 }) });\n`,
    );
    const alias = code`
      const tfl = tfn.layers;
      model.add(tfl.dense({ units: 8 }));
    `;
    assert.match(
      fixed(alias, small, 'tfl.dense'),
      /tfl\.dense\(\{ units: 8, biasInitializer: tfn\.initializers\.constant\(\{ value: 0\.01 \}\) \}\)/,
    );
    const namedImport = code`
      import * as tf from '@tensorflow/tfjs';
      import { layers } from '@tensorflow/tfjs';
      model.add(layers.dense({ units: 8 }));
    `;
    assert.match(
      fixed(namedImport, small, 'layers.dense'),
      /biasInitializer: tf\.initializers\.constant\(\{ value: 0\.01 \}\)/,
    );
    const onlyNamed = code`
      import { layers, initializers } from '@tensorflow/tfjs';
      model.add(layers.dense({ units: 8 }));
    `;
    assert.match(
      fixed(onlyNamed, small, 'layers.dense'),
      /biasInitializer: initializers\.constant\(\{ value: 0\.01 \}\)/,
    );
  });

  it('says when the code already has it, and refuses layers without a bias or a file without a tfjs name', () => {
    assert.match(
      refusal(`tf.layers.dense({ units: 8, biasInitializer: 'zeros' });\n`, zeros, 'tf.layers'),
      /already does what this fix would change/,
    );
    assert.equal(refusal(`tf.layers.dropout({ rate: 0.5 });\n`, zeros, 'tf.layers'), 'a dropout layer has no bias');
    const onlyLayers = `import { layers } from '@tensorflow/tfjs';\nmodel.add(layers.dense({ units: 8 }));\n`;
    assert.match(
      refusal(onlyLayers, small, 'layers.dense'),
      /no name for tfjs .* tf\.initializers\.constant\(\{ value: 0\.01 \}\)/,
    );
    assert.match(refusal(`tf.layers.dense(config);\n`, zeros, 'tf.layers'), /options are passed as `config`/);
  });
});
