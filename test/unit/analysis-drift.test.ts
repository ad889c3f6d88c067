import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { findingText, RunBuilder, dense, firstUnits, plain, type LayerSpec } from './analysis-helpers.ts';

const seluNet = (initializer: string): LayerSpec[] => [
  dense('dense_Selu1', 'selu', 64, 20, initializer),
  plain('dropout_Dropout1', 'Dropout'),
  dense('dense_Selu2', 'selu', 64, 64, initializer),
  dense('dense_Out', 'softmax', 10, 64),
];
const reluNet = (): LayerSpec[] => [
  dense('dense_Dense1', 'relu', 32, 8, 'heNormal'),
  dense('dense_Linear', 'linear', 32, 32),
  dense('dense_Out', 'softmax', 10, 32),
];

const drift = (run: RunBuilder) => analyzeEvents(run.events).filter((finding) => finding.kind === 'activation-drift');

describe('activation-drift', () => {
  it('warns when a SELU layer with Glorot init and plain dropout is off its fixed point, saying which way', () => {
    const run = new RunBuilder(seluNet('glorotUniform')).windows(3, {
      layers: { dense_Selu1: { mean: 0.8, variance: 9 } },
    });
    const [finding, ...rest] = drift(run);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.layer, 'dense_Selu1');
    assert.equal(finding.evidence.std, 3);
    assert.match(findingText(finding), /Its mean is 0\.8 and its std 3, variance 9 instead of 1/);
    assert.match(findingText(finding), /glorotUniform, not leCunNormal/);
    assert.match(findingText(finding), /plain Dropout \(dropout_Dropout1\)/);
    assert.equal(finding.related[0]?.layer, 'dropout_Dropout1');
    assert.deepEqual(
      finding.fixes.map((fix) => fix.title),
      [
        'Set kernelInitializer to leCunNormal',
        'Replace dropout_Dropout1 (Dropout) with tf.layers.alphaDropout',
        'Standardise the inputs to mean 0, variance 1',
      ],
    );
  });

  it('flags collapsed SELU activations too (std below 0.5), without blaming a leCunNormal init', () => {
    const run = new RunBuilder(seluNet('leCunNormal')).windows(3, {
      layers: { dense_Selu2: { mean: 0, variance: 0.09 } },
    });
    const [finding] = drift(run);
    assert.equal(finding?.layer, 'dense_Selu2');
    assert.doesNotMatch(findingText(finding), /not leCunNormal/);
    assert.ok(!finding?.fixes.some((fix) => fix.action === 'set-option'));
  });

  it('stays silent on SELU layers at the fixed point', () => {
    assert.deepEqual(drift(new RunBuilder(seluNet('leCunNormal')).windows(10)), []);
  });

  it('reports variance growth away from the early baseline as info', () => {
    const run = new RunBuilder(reluNet()).windows(3).windows(3, { layers: { dense_Dense1: { variance: 1.8 } } });
    const [finding] = drift(run);
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.layer, 'dense_Dense1');
    assert.ok(Math.abs((finding?.evidence.varianceRatio as number) - 6) < 1e-9);
    assert.match(findingText(finding), /variance grew 6× \(0\.3 → 1\.8\)/);
  });

  it('reports a falling mean in baseline standard deviations', () => {
    const run = new RunBuilder(reluNet()).windows(3).windows(3, { layers: { dense_Linear: { mean: -3 } } });
    const [finding] = drift(run);
    assert.equal(finding?.layer, 'dense_Linear');
    assert.match(findingText(finding), /mean fell from 0 to -3 \(-3 baseline std\)/);
  });

  it('stays silent within the band, and during the baseline itself', () => {
    const within = new RunBuilder(reluNet())
      .windows(3)
      .windows(5, { layers: { dense_Dense1: { mean: 0.9, variance: 1.1 } } });
    assert.deepEqual(drift(within), []);
    const early = new RunBuilder(reluNet()).windows(3, (index) => ({
      layers: { dense_Dense1: { variance: 0.3 * 10 ** index } },
    }));
    assert.deepEqual(drift(early), []);
  });

  it('ignores output layers, layers without an activation, and ReLU layers losing units', () => {
    const layers = [
      dense('dense_Dense1', 'relu', 32, 8, 'heNormal'),
      plain('flatten_Flatten1', 'Flatten'),
      dense('dense_Out', 'sigmoid', 1, 32),
    ];
    const moved = {
      dense_Out: { mean: 0.99, variance: 5 },
      flatten_Flatten1: { mean: 7, variance: 40 },
      dense_Dense1: { variance: 0.01, silent: firstUnits(8) },
    };
    const findings = analyzeEvents(new RunBuilder(layers).windows(3).windows(4, { layers: moved }).events);
    assert.deepEqual(
      findings.map((finding) => finding.kind),
      ['dead-units'],
    );
  });

  it('leaves softmax alone in every spelling: its mean is 1/n by construction, its spread is what it learns', () => {
    const layers = [
      dense('dense_Scores', 'softmax', 12, 8),
      plain('softmax_Softmax1', 'Softmax'),
      plain('activation_Activation1', 'Activation'),
      dense('dense_Out', 'sigmoid', 1, 12),
    ].map((layer) => (layer.className === 'Dense' ? layer : { ...layer, activation: 'softmax', units: 12 }));
    const uniform = { mean: 1 / 12, variance: 0.01 };
    // The first two: float32 rounding moves a softmax mean by ~1e-8, which is several baseline std when attention
    // is nearly uniform (std 1e-8); the last: sharpening attention, variance 6× its start.
    const sharpened = {
      dense_Scores: { mean: 1 / 12 + 3e-8, variance: 1e-16 },
      softmax_Softmax1: { mean: 1 / 12 - 3e-8, variance: 1e-16 },
      activation_Activation1: { mean: 1 / 12, variance: 0.06 },
    };
    const run = new RunBuilder(layers)
      .windows(3, {
        layers: {
          dense_Scores: { mean: 1 / 12, variance: 1e-16 },
          softmax_Softmax1: { mean: 1 / 12, variance: 1e-16 },
          activation_Activation1: uniform,
        },
      })
      .windows(6, { layers: sharpened });
    assert.deepEqual(drift(run), []);
  });

  it('names only the moment that drifted: a variance change does not report an unchanged mean as a rise', () => {
    const run = new RunBuilder(reluNet()).windows(3).windows(3, { layers: { dense_Linear: { variance: 5 } } });
    const [finding] = drift(run);
    assert.equal(finding?.layer, 'dense_Linear');
    assert.match(findingText(finding), /variance grew 5× \(1 → 5\)/);
    assert.doesNotMatch(findingText(finding), /mean (rose|fell)/);
  });

  it('prints a mean change with the digits that make it visible, never "from x to x"', () => {
    const still = { mean: 0.08333, variance: 1e-12 };
    const run = new RunBuilder(reluNet())
      .windows(3, { layers: { dense_Linear: still } })
      .windows(3, { layers: { dense_Linear: { ...still, mean: 0.083338 } } });
    const [finding] = drift(run);
    assert.equal(finding?.layer, 'dense_Linear');
    assert.match(findingText(finding), /mean rose from 0\.08333 to 0\.08334 /);
    const [, from, to] = /from (\S+) to (\S+) /.exec(findingText(finding)) ?? [];
    assert.notEqual(from, to);
  });

  it('does not flicker: alternating evidence never raises, and a raised finding survives it', () => {
    const drifted = { layers: { dense_Dense1: { variance: 3 } } };
    const alternating = new RunBuilder(reluNet()).windows(3).windows(10, (index) => (index % 2 === 0 ? drifted : {}));
    assert.deepEqual(drift(alternating), []);

    const raised = new RunBuilder(reluNet()).windows(3).windows(3, drifted);
    assert.equal(drift(raised).length, 1);
    raised.windows(10, (index) => (index % 2 === 0 ? {} : drifted));
    assert.equal(drift(raised).length, 1, 'two quiet checks in a row are not enough to clear it');
    assert.equal(drift(raised)[0].step, 120, 'keeps the step it was established at');
    raised.windows(3);
    assert.deepEqual(drift(raised), [], 'three quiet checks clear it');
  });
});
