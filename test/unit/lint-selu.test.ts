import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code } from './fixes-harness.ts';
import { applyFix, FILE, lint, summary } from './lint-harness.ts';

describe('lint-selu-initializer', () => {
  const source = code`
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 32, activation: 'selu', inputShape: [8], name: 'hidden' }));
    model.add(tf.layers.dense({ units: 32, activation: 'selu', kernelInitializer: 'heNormal' }));
    model.add(tf.layers.dense({ units: 32, activation: 'selu', kernelInitializer: 'leCunNormal' }));
    model.add(tf.layers.dense({ units: 32, activation: 'selu', kernelInitializer: init }));
    model.add(tf.layers.dense({ units: 1 }));
  `;

  it('flags SELU layers whose weights are known not to start from leCunNormal, at the layer call', () => {
    const findings = lint(source);
    assert.deepEqual(summary(source), ['lint-selu-initializer@2', 'lint-selu-initializer@3']);
    assert.deepEqual(findings[0]?.source, { file: FILE, line: 2, column: 11 });
    assert.deepEqual(
      [findings[0]?.severity, findings[0]?.step, findings[0]?.layer, findings[1]?.layer],
      ['info', 0, 'hidden', null],
    );
  });

  it('says why, naming the default or the initializer in use', () => {
    const [byDefault, heNormal] = lint(source);
    assert.match(byDefault!.message, /^SELU layer with tfjs's default glorotUniform weights: .*only from leCunNormal/);
    assert.match(byDefault!.detail!, /only when the weights start from leCunNormal.*tfjs's default glorotUniform/);
    assert.equal(byDefault?.evidence.kernelInitializerIsDefault, true);
    assert.match(heNormal!.message, /with 'heNormal' weights/);
  });

  it('offers a fix that, applied, satisfies the check', () => {
    let fixedSource = source;
    for (let remaining = lint(fixedSource); remaining.length > 0; remaining = lint(fixedSource)) {
      assert.deepEqual(
        remaining[0]?.fixes.map((fix) => fix.title),
        ['Set kernelInitializer to leCunNormal'],
      );
      assert.equal(remaining[0]?.fixes[0]?.treats, 'selu-setup');
      fixedSource = applyFix(fixedSource, remaining[0]!);
    }
    assert.match(
      fixedSource,
      /activation: 'selu', inputShape: \[8\], name: 'hidden', kernelInitializer: 'leCunNormal' \}/,
    );
    assert.match(
      fixedSource,
      /activation: 'selu', kernelInitializer: 'leCunNormal' \}\)\);\nmodel\.add\(tf\.layers\.dense\(\{ units: 32, activation: 'selu', kernelInitializer: 'leCunNormal' \}/,
    );
  });
});

describe('lint-selu-dropout', () => {
  it('flags plain dropout in a SELU model, pointing at the SELU layer, and the fix swaps in alphaDropout', () => {
    const source = code`
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 32, activation: 'selu', kernelInitializer: 'leCunNormal', inputShape: [8] }),
          tf.layers.dropout({ rate: 0.1 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
    `;
    const [finding] = lint(source);
    assert.deepEqual(summary(source), ['lint-selu-dropout@4']);
    assert.match(finding!.message, /^Plain dropout in a SELU network \(SELU on line 3\).*use alphaDropout\.$/);
    assert.match(finding!.detail!, /SELU on line 3.*zeroes units.*alphaDropout/);
    assert.deepEqual(
      finding?.related.map((related) => related.source?.line),
      [3],
    );
    assert.equal(finding?.fixes[0]?.treats, 'selu-setup');
    assert.match(applyFix(source, finding!), /tf\.layers\.alphaDropout\(\{ rate: 0\.1 \}\),/);
    assert.deepEqual(summary(applyFix(source, finding!)), []);
  });

  it('leaves the dropout of a second, ReLU model in the same file alone', () => {
    const source = code`
      const seluModel = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'selu', kernelInitializer: 'leCunNormal' }), tf.layers.dropout({ rate: 0.1 })] });
      const reluModel = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu' }), tf.layers.dropout({ rate: 0.1 })] });
    `;
    assert.deepEqual(summary(source), ['lint-selu-dropout@1']);
  });

  it('flags a dropout added apart from the SELU layers when the file uses SELU, and none in a file without it', () => {
    const source = code`
      function hidden() {
        return tf.layers.dense({ units: 8, activation: 'selu', kernelInitializer: 'leCunNormal' });
      }
      model.add(hidden());
      model.add(tf.layers.dropout({ rate: 0.2 }));
    `;
    assert.deepEqual(summary(source), ['lint-selu-dropout@5']);
    assert.deepEqual(summary(source.replace("'selu'", "'relu'")), []);
  });
});
