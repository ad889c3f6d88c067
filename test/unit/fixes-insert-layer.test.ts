import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, fixed, refusal } from './fixes-harness.ts';

const leaky = { action: 'insert-activation-layer', layer: 'leakyReLU' } as const;
const prelu = { action: 'insert-activation-layer', layer: 'prelu' } as const;
const batchNorm = { action: 'insert-layer-after', layer: 'batchNormalization' } as const;

describe('insert-activation-layer in a Sequential model built with model.add', () => {
  it('removes the activation and adds the LeakyReLU as the next statement at the same indent', () => {
    const source = code`
      function build() {
        const model = tf.sequential();
        model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [8] }));
        model.add(tf.layers.dense({ units: 1 }));
        return model;
      }
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers.dense'),
      code`
      function build() {
        const model = tf.sequential();
        model.add(tf.layers.dense({ units: 64, inputShape: [8] }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
        model.add(tf.layers.dense({ units: 1 }));
        return model;
      }
    `,
    );
  });

  it('writes the slope the fix asks for', () => {
    const source = `model.add(tf.layers.dense({ units: 4, activation: 'relu' }));\n`;
    assert.equal(
      fixed(source, { ...leaky, alpha: 0.05 }, 'tf.layers'),
      `model.add(tf.layers.dense({ units: 4 }));\nmodel.add(tf.layers.leakyReLU({ alpha: 0.05 }));\n`,
    );
  });

  it('follows a file without semicolons and keeps a trailing comment on its line', () => {
    const source = code`
      model.add(tf.layers.dense({ units: 4, activation: 'relu' })) // the wide one
      model.add(tf.layers.dense({ units: 1 }))
    `;
    assert.equal(
      fixed(source, prelu, 'tf.layers'),
      code`
      model.add(tf.layers.dense({ units: 4 })) // the wide one
      model.add(tf.layers.prelu())
      model.add(tf.layers.dense({ units: 1 }))
    `,
    );
  });

  it('removes an activation that has a line to itself, with that line', () => {
    const source = code`
      model.add(tf.layers.dense({
        units: 4,
        activation: 'relu',
        useBias: true,
      }));
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      model.add(tf.layers.dense({
        units: 4,
        useBias: true,
      }));
      model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
    `,
    );
  });

  it('removes the last option of an object without a trailing comma along with the comma before it', () => {
    const source = code`
      model.add(tf.layers.dense({
        units: 4,
        activation: 'relu'
      }));
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      model.add(tf.layers.dense({
        units: 4
      }));
      model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
    `,
    );
  });

  it('leaves an empty object when the activation was the only option', () => {
    const source = `model.add(tf.layers.conv2d({ activation: 'relu' }));\n`;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      `model.add(tf.layers.conv2d({}));\nmodel.add(tf.layers.leakyReLU({ alpha: 0.01 }));\n`,
    );
  });

  it('writes the new layer with the namespace the file uses: ESM named import, alias, tfjs-node require', () => {
    const named = `import { layers } from '@tensorflow/tfjs';\nmodel.add(layers.dense({ units: 4, activation: 'relu' }));\n`;
    assert.equal(
      fixed(named, leaky, 'layers.dense'),
      `import { layers } from '@tensorflow/tfjs';\nmodel.add(layers.dense({ units: 4 }));\nmodel.add(layers.leakyReLU({ alpha: 0.01 }));\n`,
    );
    const aliased = `import { layers as tfl } from '@tensorflow/tfjs';\nmodel.add(tfl.dense({ units: 4, activation: 'relu' }));\n`;
    assert.equal(
      fixed(aliased, leaky, 'tfl.dense'),
      `import { layers as tfl } from '@tensorflow/tfjs';\nmodel.add(tfl.dense({ units: 4 }));\nmodel.add(tfl.leakyReLU({ alpha: 0.01 }));\n`,
    );
    const required = `const tf = require('@tensorflow/tfjs-node');\nmodel.add(tf.layers.dense({ units: 4, activation: 'relu' }));\n`;
    assert.equal(
      fixed(required, leaky, 'tf.layers.dense'),
      `const tf = require('@tensorflow/tfjs-node');\nmodel.add(tf.layers.dense({ units: 4 }));\nmodel.add(tf.layers.leakyReLU({ alpha: 0.01 }));\n`,
    );
  });

  it('adds the layer inside the helper function that adds the original', () => {
    const source = code`
      function addBlock(model, units) {
        model.add(tf.layers.dense({ units, activation: 'relu' }));
      }
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      function addBlock(model, units) {
        model.add(tf.layers.dense({ units }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
      }
    `,
    );
  });
});

describe('insert-activation-layer for layers added in loops and branches', () => {
  it('adds braces to a loop whose body is the add on the same line', () => {
    const source = code`
      for (let i = 0; i < 3; i++) model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
      model.add(tf.layers.dense({ units: 1 }));
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      for (let i = 0; i < 3; i++) {
        model.add(tf.layers.dense({ units: 8 }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
      }
      model.add(tf.layers.dense({ units: 1 }));
    `,
    );
  });

  it('adds braces to a loop whose body is on the next line, keeping its multi-line options', () => {
    const source = code`
      function build(model) {
        for (const units of [64, 32])
          model.add(tf.layers.dense({
            units,
            activation: 'relu',
          }));
      }
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      function build(model) {
        for (const units of [64, 32]) {
          model.add(tf.layers.dense({
            units,
          }));
          model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
        }
      }
    `,
    );
  });

  it('inserts inside a braced loop body like any other statement', () => {
    const source = code`
      for (const units of [64, 32]) {
        model.add(tf.layers.dense({ units, activation: 'relu' }));
      }
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      for (const units of [64, 32]) {
        model.add(tf.layers.dense({ units }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
      }
    `,
    );
  });

  it('turns a forEach arrow with an expression body into a block', () => {
    const source = code`
      [64, 32].forEach((units) => model.add(tf.layers.dense({ units, activation: 'relu' })));
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      [64, 32].forEach((units) => {
        model.add(tf.layers.dense({ units }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
      });
    `,
    );
  });

  it('adds braces to an unbraced if branch and keeps the else', () => {
    const source = code`
      if (wide) model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
      else model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      if (wide) {
        model.add(tf.layers.dense({ units: 64 }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
      }
      else model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
    `,
    );
    assert.equal(
      fixed(source, leaky, { needle: 'tf.layers', occurrence: 1 }),
      code`
      if (wide) model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
      else {
        model.add(tf.layers.dense({ units: 8 }));
        model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
      }
    `,
    );
  });
});

describe('insert-activation-layer in a tf.sequential({ layers: [...] }) array', () => {
  it('inserts the next element on its own line in a one-per-line array', () => {
    const source = code`
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
          tf.layers.dense({ units: 1 }),
        ],
      });
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 16, inputShape: [4] }),
          tf.layers.leakyReLU({ alpha: 0.01 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
    `,
    );
  });

  it('follows the array: the last element keeps the trailing-comma style', () => {
    const withComma = `tf.sequential({ layers: [\n  tf.layers.dense({ units: 1, activation: 'relu' }),\n] });\n`;
    assert.equal(
      fixed(withComma, leaky, 'tf.layers'),
      `tf.sequential({ layers: [\n  tf.layers.dense({ units: 1 }),\n  tf.layers.leakyReLU({ alpha: 0.01 }),\n] });\n`,
    );
    const withoutComma = `tf.sequential({ layers: [\n  tf.layers.dense({ units: 1, activation: 'relu' })\n] });\n`;
    assert.equal(
      fixed(withoutComma, leaky, 'tf.layers'),
      `tf.sequential({ layers: [\n  tf.layers.dense({ units: 1 }),\n  tf.layers.leakyReLU({ alpha: 0.01 })\n] });\n`,
    );
  });

  it('inserts inline in a single-line array', () => {
    const source = `const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })] });\n`;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      `const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [2] }), tf.layers.leakyReLU({ alpha: 0.01 }), tf.layers.dense({ units: 1 })] });\n`,
    );
  });
});

describe('insert-activation-layer in the functional API', () => {
  it('wraps the .apply(x) that feeds the layer on', () => {
    const source = code`
      const input = tf.input({ shape: [4] });
      const hidden = tf.layers.dense({ units: 8, activation: 'relu' }).apply(input);
    `;
    assert.equal(
      fixed(source, leaky, 'tf.layers'),
      code`
      const input = tf.input({ shape: [4] });
      const hidden = tf.layers.leakyReLU({ alpha: 0.01 }).apply(tf.layers.dense({ units: 8 }).apply(input));
    `,
    );
  });

  it('wraps the inner layer of a nested chain, inside a TypeScript cast', () => {
    const source = code`
      const output = tf.layers.dense({ units: 1 }).apply(tf.layers.dense({ units: 8, activation: 'relu' }).apply(input)) as tf.SymbolicTensor;
    `;
    assert.equal(
      fixed(source, leaky, { needle: 'tf.layers', occurrence: 1, fileName: 'model.ts' }),
      code`
      const output = tf.layers.dense({ units: 1 }).apply(tf.layers.leakyReLU({ alpha: 0.01 }).apply(tf.layers.dense({ units: 8 }).apply(input))) as tf.SymbolicTensor;
    `,
    );
  });

  it('refuses a layer stored in a variable and applied later, naming the variable', () => {
    const source = code`
      const hiddenLayer = tf.layers.dense({ units: 8, activation: 'relu' });
      const hidden = hiddenLayer.apply(input);
    `;
    assert.match(refusal(source, leaky, 'tf.layers'), /stored in `hiddenLayer` and used elsewhere/);
  });
});

describe('insert-activation-layer refusals', () => {
  it('refuses an activation given as a variable', () => {
    assert.match(
      refusal(`model.add(tf.layers.dense({ units: 8, activation: act }));\n`, leaky, 'tf.layers'),
      /activation is given as `act`/,
    );
  });

  it('refuses options held in a variable: their activation cannot be removed here', () => {
    assert.match(
      refusal(`model.add(tf.layers.dense(denseConfig));\n`, leaky, 'tf.layers'),
      /passed as `denseConfig`.*remove its activation where that object is defined/,
    );
  });

  it('refuses a layer returned from a helper', () => {
    assert.match(
      refusal(`function block() { return tf.layers.dense({ units: 8, activation: 'relu' }); }\n`, leaky, 'tf.layers'),
      /not added with model\.add/,
    );
  });
});

describe('insert-layer-after batchNormalization', () => {
  it('adds it after the layer, keeping the layer as it is, in each kind of model', () => {
    assert.equal(
      fixed(`model.add(tf.layers.dense({ units: 8, activation: 'relu' }));\n`, batchNorm, 'tf.layers'),
      `model.add(tf.layers.dense({ units: 8, activation: 'relu' }));\nmodel.add(tf.layers.batchNormalization());\n`,
    );
    assert.equal(
      fixed(`tf.sequential({ layers: [tf.layers.dense({ units: 8 })] });\n`, batchNorm, 'tf.layers'),
      `tf.sequential({ layers: [tf.layers.dense({ units: 8 }), tf.layers.batchNormalization()] });\n`,
    );
    assert.equal(
      fixed(
        `const h = tf.layers.dense({ units: 8 }).apply(x);\n`,
        { action: 'insert-layer-after', layer: 'layerNormalization' },
        'tf.layers',
      ),
      `const h = tf.layers.layerNormalization().apply(tf.layers.dense({ units: 8 }).apply(x));\n`,
    );
  });

  it('does not need to read options held in a variable', () => {
    assert.equal(
      fixed(`model.add(tf.layers.dense(config));\n`, batchNorm, 'tf.layers'),
      `model.add(tf.layers.dense(config));\nmodel.add(tf.layers.batchNormalization());\n`,
    );
  });
});
