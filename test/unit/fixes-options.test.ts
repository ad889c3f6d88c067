import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, computeFixEdits } from '../../src/fixes/edits.ts';
import { code, fixed, refusal } from './fixes-harness.ts';

const alpha = { action: 'set-option', option: 'alpha', value: 0.01 } as const;
const leCun = { action: 'set-option', option: 'kernelInitializer', value: 'leCunNormal' } as const;
const alphaDropout = { action: 'replace-layer', to: 'alphaDropout' } as const;

describe('set-option', () => {
  it('writes an options object into an empty call or an empty object', () => {
    assert.equal(
      fixed(`model.add(tf.layers.leakyReLU());\n`, alpha, 'tf.layers'),
      `model.add(tf.layers.leakyReLU({ alpha: 0.01 }));\n`,
    );
    assert.equal(
      fixed(`model.add(tf.layers.leakyReLU({}));\n`, alpha, 'tf.layers'),
      `model.add(tf.layers.leakyReLU({ alpha: 0.01 }));\n`,
    );
  });

  it('replaces a numeric literal and adds a missing option after the others', () => {
    assert.equal(
      fixed(`model.add(tf.layers.leakyReLU({ alpha: 0.3 }));\n`, alpha, 'tf.layers'),
      `model.add(tf.layers.leakyReLU({ alpha: 0.01 }));\n`,
    );
    assert.equal(
      fixed(`model.add(tf.layers.leakyReLU({ name: 'lr' }));\n`, alpha, 'tf.layers'),
      `model.add(tf.layers.leakyReLU({ name: 'lr', alpha: 0.01 }));\n`,
    );
  });

  it('sets the kernel initializer in the quote of the activation next to it', () => {
    const source = code`
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 8, activation: "selu", inputShape: [4] }),
        ],
      });
    `;
    assert.equal(
      fixed(source, leCun, 'tf.layers'),
      code`
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 8, activation: "selu", inputShape: [4], kernelInitializer: "leCunNormal" }),
        ],
      });
    `,
    );
  });

  it('escapes a string value that contains the quote', () => {
    assert.equal(
      fixed(
        `tf.layers.dense({ units: 1 });\n`,
        { action: 'set-option', option: 'kernelInitializer', value: "it's" },
        'tf.layers',
      ),
      `tf.layers.dense({ units: 1, kernelInitializer: 'it\\'s' });\n`,
    );
  });

  it('refuses to overwrite a value it cannot read', () => {
    assert.match(refusal(`tf.layers.leakyReLU({ alpha: slope });\n`, alpha, 'tf.layers'), /alpha is given as `slope`/);
  });
});

describe('replace-layer', () => {
  it('turns dropout into alphaDropout with the same options', () => {
    assert.equal(
      fixed(`model.add(tf.layers.dropout({rate: 0.1}));\n`, alphaDropout, 'tf.layers'),
      `model.add(tf.layers.alphaDropout({rate: 0.1}));\n`,
    );
    assert.equal(
      fixed(
        `import { layers } from '@tensorflow/tfjs';\nmodel.add(layers.dropout(dropoutConfig));\n`,
        alphaDropout,
        'layers.dropout',
      ),
      `import { layers } from '@tensorflow/tfjs';\nmodel.add(layers.alphaDropout(dropoutConfig));\n`,
    );
  });

  it('refuses layers that are not dropout', () => {
    assert.equal(
      refusal(`model.add(tf.layers.dense({ units: 1 }));\n`, alphaDropout, 'tf.layers'),
      'only a dropout layer can become alphaDropout; this is a dense layer',
    );
  });
});

describe('computeFixEdits', () => {
  it('answers advice with "advice only"', () => {
    assert.deepEqual(
      computeFixEdits(`tf.layers.dense({ units: 1 });\n`, 'model.js', { line: 1, column: 1 }, { action: 'advice' }),
      { ok: false, reason: 'advice only' },
    );
  });

  it('says so when no layer call is at the location', () => {
    const result = computeFixEdits(`const x = 1;\n`, 'model.js', { line: 1, column: 1 }, alpha);
    assert.deepEqual(result, {
      ok: false,
      reason: 'there is no tfjs layer call (such as tf.layers.dense(…)) at line 1, column 1',
    });
  });

  it('still offers a fix in a file that already has a syntax error elsewhere', () => {
    const source = `model.add(tf.layers.leakyReLU());\nconst broken = ;\n`;
    const result = computeFixEdits(source, 'model.js', { line: 1, column: 1 }, alpha);
    assert.ok(result.ok);
    assert.equal(
      applyEdits(source, result.edits),
      `model.add(tf.layers.leakyReLU({ alpha: 0.01 }));\nconst broken = ;\n`,
    );
  });
});
