import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { findingText, RunBuilder, dense, firstUnits, plain, type LayerSpec } from './analysis-helpers.ts';

const sigmoidStack = (): LayerSpec[] => [
  dense('dense_Dense1', 'sigmoid', 64, 20),
  dense('dense_Dense2', 'sigmoid', 64, 64),
  dense('dense_Dense3', 'sigmoid', 64, 64),
  dense('dense_Dense4', 'sigmoid', 1, 64),
];

/** The first two layers starve: 1e-5 and 5e-5 against the output layer's 0.1. */
const starvingFirstLayers = {
  layers: { dense_Dense1: { gradient: 1e-5 }, dense_Dense2: { gradient: 5e-5 }, dense_Dense3: { gradient: 1e-3 } },
};

const vanishing = (run: RunBuilder) =>
  analyzeEvents(run.events).filter((finding) => finding.kind === 'vanishing-gradient');

describe('vanishing-gradient', () => {
  it('reports consecutive starving layers as one finding at the first, listing the others and the last healthy layer', () => {
    const findings = vanishing(new RunBuilder(sigmoidStack()).windows(3, starvingFirstLayers));
    assert.equal(findings.length, 1);
    const [first] = findings;
    assert.equal(first.layer, 'dense_Dense1');
    assert.deepEqual(first.layers, ['dense_Dense1', 'dense_Dense2']);
    assert.equal(
      first.message,
      "dense #1 (line 1) and 1 layer after it: gradients vanish — 1.0e-4 of the output layer's.",
    );
    assert.equal(first.severity, 'warning');
    assert.equal(first.step, 60);
    assert.deepEqual(first.evidence.rules, ['ratio-to-output']);
    assert.equal(first.evidence.outputLayer, 'dense_Dense4');
    assert.ok(Math.abs((first.evidence.ratioToOutput as number) - 1e-4) < 1e-9);
    assert.deepEqual(
      first.related.map((entry) => [entry.layer, entry.source?.line]),
      [
        ['dense_Dense2', 2],
        ['dense_Dense3', 3],
      ],
    );
    assert.equal(first.cause?.id, 'saturating-stack');
    assert.equal(first.fixes[0]?.treats, 'saturating-stack');
    assert.match(findingText(first), /sigmoid/);
    assert.match(findingText(first), /0\.25/);
  });

  it('offers ReLU with He init, then SELU, then batch norm', () => {
    const [finding] = vanishing(new RunBuilder(sigmoidStack()).windows(3, starvingFirstLayers));
    assert.deepEqual(
      finding.fixes.map((fix) => [fix.action, 'to' in fix ? fix.to : 'layer' in fix ? fix.layer : null]),
      [
        ['swap-activation', 'relu'],
        ['swap-activation', 'selu'],
        ['insert-layer-after', 'batchNormalization'],
      ],
    );
  });

  it('needs the evidence in 3 consecutive checks', () => {
    assert.deepEqual(vanishing(new RunBuilder(sigmoidStack()).windows(2, starvingFirstLayers)), []);
    const interrupted = new RunBuilder(sigmoidStack())
      .windows(2, starvingFirstLayers)
      .window()
      .windows(2, starvingFirstLayers);
    assert.deepEqual(vanishing(interrupted), []);
  });

  it('stays silent on healthy gradients', () => {
    assert.deepEqual(vanishing(new RunBuilder(sigmoidStack()).windows(10)), []);
  });

  it('uses the absolute RMS floor where no ratio applies (a single-layer model)', () => {
    const run = new RunBuilder([dense('dense_Only', 'linear', 1, 10000)]).windows(3, {
      layers: { dense_Only: { gradient: 1e-6 } },
    });
    const [finding] = vanishing(run);
    assert.deepEqual(finding?.evidence.rules, ['rms-floor']);
    assert.ok((finding?.evidence.rms as number) < 1e-7);
    assert.deepEqual(finding?.related, []);
  });

  it('skips layers without weights (Flatten, Dropout) when looking for first and last layers', () => {
    const conv: LayerSpec = { ...dense('conv2d_Conv2D1', 'relu', 8, 27, 'heNormal'), className: 'Conv2D' };
    const layers = [
      conv,
      plain('flatten_Flatten1', 'Flatten'),
      plain('dropout_Dropout1', 'Dropout'),
      dense('dense_Out', 'softmax', 10, 512),
    ];
    const findings = analyzeEvents(
      new RunBuilder(layers).windows(3, { layers: { conv2d_Conv2D1: { gradient: 1e-7 } } }).events,
    );
    assert.deepEqual(
      findings.map((finding) => [finding.kind, finding.layer]),
      [['vanishing-gradient', 'conv2d_Conv2D1']],
    );
    assert.equal(findings[0].related[0]?.layer, 'dense_Out');
  });

  describe('and dead units', () => {
    const reluNet = (): LayerSpec[] => [
      dense('dense_Dense1', 'relu', 64, 20, 'heNormal'),
      dense('dense_Dense2', 'relu', 32, 64, 'heNormal'),
      dense('dense_Dense3', 'softmax', 10, 32),
    ];

    it('leaves a layer silenced by its own dead units — and the layers it starves — to dead-units', () => {
      const run = new RunBuilder(reluNet()).windows(5, {
        layers: { dense_Dense1: { gradient: 0 }, dense_Dense2: { gradient: 0, silent: firstUnits(32) } },
      });
      const findings = analyzeEvents(run.events);
      assert.deepEqual(
        findings.map((finding) => [finding.kind, finding.layer, finding.severity]),
        [['dead-units', 'dense_Dense2', 'error']],
      );
    });

    it('still reports vanishing at a ReLU layer with only a few dead units', () => {
      const run = new RunBuilder(reluNet()).windows(5, {
        layers: { dense_Dense2: { gradient: 1e-8, silent: firstUnits(4) } },
      });
      const kinds = analyzeEvents(run.events).map((finding) => `${finding.kind}@${finding.layer}`);
      assert.ok(kinds.includes('vanishing-gradient@dense_Dense2'));
      assert.ok(kinds.includes('dead-units@dense_Dense2'));
    });

    it('still reports vanishing when no healthy layer follows the dead one', () => {
      const run = new RunBuilder(reluNet()).windows(5, {
        layers: { dense_Dense2: { gradient: 0, silent: firstUnits(32) }, dense_Dense3: { gradient: 1e-9 } },
      });
      const findings = vanishing(run);
      assert.equal(findings.length, 1, 'consecutive layers: one finding');
      assert.deepEqual(findings[0]?.layers, ['dense_Dense2', 'dense_Dense3']);
    });
  });
});
