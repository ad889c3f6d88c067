import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code } from './fixes-harness.ts';
import { applyFix, lint, summary } from './lint-harness.ts';

describe('lint-leaky-relu-alpha', () => {
  const source = code`
    model.add(tf.layers.leakyReLU());
    model.add(tf.layers.leakyReLU({ alpha: 0.25 }));
    model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
    model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
    model.add(tf.layers.leakyReLU({ alpha: slope }));
  `;

  it("flags tfjs's default α = 0.3 and written slopes from 0.2 up", () => {
    assert.deepEqual(summary(source), ['lint-leaky-relu-alpha@1', 'lint-leaky-relu-alpha@2']);
  });

  it('explains the default apart from a chosen slope', () => {
    const [byDefault, chosen] = lint(source);
    assert.match(
      byDefault!.message,
      /without alpha uses tfjs's default α = 0\.3, not the usual 0\.01: negative inputs pass at 30%/,
    );
    assert.deepEqual(byDefault?.evidence, { alpha: 0.3, alphaIsTfjsDefault: true, usualAlpha: 0.01, flaggedFrom: 0.2 });
    assert.match(chosen!.message, /^α = 0\.25 is far from the usual 0\.01: negative inputs pass at 25%/);
    assert.match(chosen!.detail!, /closer to linear than to a leaky ReLU/);
  });

  it('offers "Set alpha to 0.01", which writes the option', () => {
    const single = code`
      model.add(tf.layers.leakyReLU());
    `;
    const [finding] = lint(single);
    assert.equal(finding?.fixes[0]?.title, 'Set alpha to 0.01');
    assert.equal(applyFix(single, finding!), `model.add(tf.layers.leakyReLU({ alpha: 0.01 }));\n`);
  });
});
