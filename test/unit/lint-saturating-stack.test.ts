import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code } from './fixes-harness.ts';
import { applyFix, lint, summary } from './lint-harness.ts';

describe('lint-deep-saturating-stack', () => {
  const deepSigmoid = code`
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid', inputShape: [8] }));
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    model.add(tf.layers.dropout({ rate: 0.1 }));
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  `;

  it('flags each hidden layer of five sigmoid layers in a row; dropout does not break the run, the output layer is left be', () => {
    assert.deepEqual(summary(deepSigmoid), [
      'lint-deep-saturating-stack@2',
      'lint-deep-saturating-stack@3',
      'lint-deep-saturating-stack@5',
      'lint-deep-saturating-stack@6',
    ]);
  });

  it('explains with the derivative bound and lists the rest of the stack', () => {
    const [first] = lint(deepSigmoid);
    assert.match(
      first!.message,
      /^Layer 1 of 5 saturating layers in a row \(lines 2–7\).*σ′ ≤ 0\.25.*0\.25\^5 ≈ 0\.00098/,
    );
    assert.equal(first?.evidence.sigmoidGradientBound, 0.25 ** 5);
    assert.deepEqual(
      first?.related.map((related) => related.source?.line),
      [3, 5, 6, 7],
    );
  });

  it('offers ReLU with heNormal first and SELU with leCunNormal second, both applicable', () => {
    const [first] = lint(deepSigmoid);
    assert.deepEqual(
      first?.fixes.map((fix) => fix.title),
      ['Swap activation to relu (with heNormal initialiser)', 'Swap activation to selu (with leCunNormal initialiser)'],
    );
    assert.match(
      applyFix(deepSigmoid, first!, 0),
      /dense\(\{ units: 32, activation: 'relu', inputShape: \[8\], kernelInitializer: 'heNormal' \}\)/,
    );
    assert.match(
      applyFix(deepSigmoid, first!, 1),
      /dense\(\{ units: 32, activation: 'selu', inputShape: \[8\], kernelInitializer: 'leCunNormal' \}\)/,
    );
  });

  it('stays quiet for three saturating layers or a run broken by a ReLU layer', () => {
    const shallow = code`
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 1 }));
    `;
    assert.deepEqual(summary(shallow), []);
  });

  it('finds mixed tanh/sigmoid stacks in a layers array and in the functional API', () => {
    const array = code`
      tf.sequential({ layers: [
        tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [4] }),
        tf.layers.dense({ units: 8, activation: 'sigmoid' }),
        tf.layers.dense({ units: 8, activation: 'tanh' }),
        tf.layers.dense({ units: 8, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ] });
    `;
    assert.equal(summary(array).length, 4);
    const functional = code`
      function build(input) {
        let x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(input);
        x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
        x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
        x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
        return tf.layers.dense({ units: 1 }).apply(x);
      }
    `;
    const findings = lint(functional);
    assert.equal(findings.length, 4);
    assert.doesNotMatch(findings[0]!.message, /0\.25\^/, 'no sigmoid, no sigmoid bound');
  });

  it('keeps separate models apart', () => {
    const twoModels = code`
      a.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
      a.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
      b.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
      b.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
    `;
    assert.deepEqual(summary(twoModels), []);
  });
});
