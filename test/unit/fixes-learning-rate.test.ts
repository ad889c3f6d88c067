import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, computeFixEdits, fixTargetFile } from '../../src/fixes/edits.ts';
import { syntaxErrors } from '../../src/source/parse.ts';
import type { FixAction } from '../../src/core/findings.ts';
import { code, locate } from './fixes-harness.ts';

const FILE = '/work/project/train.js';

/** The fix as a finding would carry it: the optimizer at the `occurrence`-th `needle` of the source. */
function lowerAt(source: string, needle: string, to = 0.06, optimizer = 'sgd', occurrence = 0): FixAction {
  return {
    action: 'set-learning-rate',
    at: { file: FILE, ...locate(source, needle, occurrence) },
    optimizer,
    from: 0.6,
    to,
  };
}

/** Applies the fix with the finding at line 1 (a layer elsewhere: the edit goes to the optimizer), checks it parses. */
function lowered(source: string, fix: FixAction): string {
  const result = computeFixEdits(source, FILE, { line: 1, column: 1 }, fix);
  assert.ok(result.ok, `expected an edit, got: ${result.ok ? '' : result.reason}`);
  const edited = applyEdits(source, result.edits);
  assert.deepEqual(syntaxErrors(edited, FILE), [], `the edited source does not parse:\n${edited}`);
  return edited;
}

function refused(source: string, fix: FixAction, fileName = FILE): string {
  const result = computeFixEdits(source, fileName, { line: 1, column: 1 }, fix);
  assert.equal(result.ok, false, 'expected the fix to be refused');
  return result.ok ? '' : result.reason;
}

describe('set-learning-rate', () => {
  it('replaces the numeric first argument of a tf.train factory, not the layer', () => {
    const source = code`
      model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
      const optimizer = tf.train.sgd(0.6);
    `;
    assert.equal(
      lowered(source, lowerAt(source, 'tf.train')),
      code`
      model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
      const optimizer = tf.train.sgd(0.06);
    `,
    );
    const adam = `const opt = tf.train.adam(0.5, 0.9, 0.999);\n`;
    assert.equal(
      lowered(adam, lowerAt(adam, 'tf.train', 0.001, 'adam')),
      `const opt = tf.train.adam(0.001, 0.9, 0.999);\n`,
    );
  });

  it('finds the optimizer from where a stack frame points: the method name inside the call', () => {
    const source = `const tf = require('@tensorflow/tfjs');\nmodel.compile({ optimizer: 'sgd', loss: 'mse' });\nconst o = tf.train.adam(0.5);\n`;
    assert.match(lowered(source, lowerAt(source, 'compile(')), /optimizer: tf\.train\.sgd\(0\.06\)/);
    assert.match(lowered(source, lowerAt(source, 'adam(', 0.05, 'adam')), /tf\.train\.adam\(0\.05\)/);
  });

  it('edits the const a factory names, and adds an argument to a call without one', () => {
    const named = code`
      const LEARNING_RATE = 0.6;
      model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError' });
    `;
    assert.equal(
      lowered(named, lowerAt(named, 'tf.train')),
      code`
      const LEARNING_RATE = 0.06;
      model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError' });
    `,
    );
    const none = `const opt = tf.train.adam();\n`;
    assert.equal(lowered(none, lowerAt(none, 'tf.train', 0.0001, 'adam')), `const opt = tf.train.adam(0.0001);\n`);
  });

  it("turns compile's optimizer string into a tf.train call with the file's tfjs name", () => {
    const source = code`
      import * as tfjs from '@tensorflow/tfjs-node';
      model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    `;
    assert.equal(
      lowered(source, lowerAt(source, 'model.compile')),
      code`
      import * as tfjs from '@tensorflow/tfjs-node';
      model.compile({ optimizer: tfjs.train.sgd(0.06), loss: 'binaryCrossentropy' });
    `,
    );
    const required = `const tf = require('@tensorflow/tfjs');\nmodel.compile({ loss: 'mse', optimizer: "Adam" });\n`;
    assert.equal(
      lowered(required, lowerAt(required, 'model.compile', 0.0001, 'adam')),
      `const tf = require('@tensorflow/tfjs');\nmodel.compile({ loss: 'mse', optimizer: tf.train.adam(0.0001) });\n`,
    );
    const namedTrain = `import { train } from '@tensorflow/tfjs';\nmodel.compile({ optimizer: 'rmsprop', loss: 'mse' });\n`;
    assert.match(
      lowered(namedTrain, lowerAt(namedTrain, 'model', 0.001, 'rmsprop')),
      /optimizer: train\.rmsprop\(0\.001\)/,
    );
  });

  it('follows compile to an optimizer built in the call or in a const', () => {
    const inline = `model.compile({ optimizer: tf.train.momentum(0.6, 0.9), loss: 'mse' });\n`;
    assert.equal(
      lowered(inline, lowerAt(inline, 'model.compile', 0.06, 'momentum')),
      `model.compile({ optimizer: tf.train.momentum(0.06, 0.9), loss: 'mse' });\n`,
    );
    const viaConst = `const optimizer = tf.train.sgd(0.6);\nmodel.compile({ optimizer, loss: 'mse' });\n`;
    assert.equal(
      lowered(viaConst, lowerAt(viaConst, 'model.compile')),
      `const optimizer = tf.train.sgd(0.06);\nmodel.compile({ optimizer, loss: 'mse' });\n`,
    );
  });

  it('refuses a learning rate it cannot see as a number', () => {
    const computed = `const opt = tf.train.sgd(base * 2);\n`;
    assert.match(
      refused(computed, lowerAt(computed, 'tf.train')),
      /given as `base \* 2`, not as a number ActLens can edit/,
    );
    const variable = `let lr = 0.6;\nconst opt = tf.train.sgd(lr);\n`;
    assert.match(refused(variable, lowerAt(variable, 'tf.train')), /`lr`, which is a variable that may change/);
    const parameter = `function build(lr) {\n  return tf.train.sgd(lr);\n}\n`;
    assert.match(refused(parameter, lowerAt(parameter, 'tf.train')), /`lr`, which is a parameter/);
    const options = `model.compile(compileOptions);\n`;
    assert.match(refused(options, lowerAt(options, 'model')), /compile options are passed as `compileOptions`/);
    const unknownName = `const tf = require('@tensorflow/tfjs');\nmodel.compile({ optimizer: 'nadam', loss: 'mse' });\n`;
    assert.match(refused(unknownName, lowerAt(unknownName, 'model')), /'nadam' is not an optimizer name/);
    const noNamespace = `import { layers } from '@tensorflow/tfjs';\nmodel.compile({ optimizer: 'sgd', loss: 'mse' });\n`;
    assert.match(refused(noNamespace, lowerAt(noNamespace, 'model')), /no name for tfjs .* tf\.train\.sgd\(0\.06\)/);
  });

  it('refuses when the code already has a rate this low, or no optimizer is at the location', () => {
    const lower = `const opt = tf.train.sgd(0.01);\n`;
    assert.match(refused(lower, lowerAt(lower, 'tf.train')), /already 0\.01, lower than 0\.06/);
    const same = `const opt = tf.train.sgd(0.06);\n`;
    assert.match(refused(same, lowerAt(same, 'tf.train')), /already does what this fix would change/);
    const nothing = `const x = 1;\n`;
    assert.match(refused(nothing, lowerAt(nothing, 'x')), /there is no optimizer .* at line 1, column 7/);
  });

  it('edits only the file the optimizer is in, and says which file that is', () => {
    const source = `const opt = tf.train.sgd(0.6);\n`;
    const fix = lowerAt(source, 'tf.train');
    assert.equal(fixTargetFile(fix, '/work/project/model.js'), FILE);
    assert.equal(
      fixTargetFile({ action: 'set-option', option: 'alpha', value: 0.01 }, '/work/project/model.js'),
      '/work/project/model.js',
    );
    assert.equal(
      refused(source, fix, '/work/project/model.js'),
      'the learning rate is set in /work/project/train.js, not in this file; apply the fix there',
    );
  });
});
