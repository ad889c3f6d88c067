import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { findingText, RunBuilder, dense, firstUnits, type LayerSpec } from './analysis-helpers.ts';

const mlp = (initializer = 'glorotUniform'): LayerSpec[] => [
  dense('dense_Dense1', 'relu', 64, 20, initializer),
  dense('dense_Dense2', 'relu', 32, 64, initializer),
  dense('dense_Dense3', 'softmax', 10, 32),
];

const deadUnitFindings = (run: RunBuilder) =>
  analyzeEvents(run.events).filter((finding) => finding.kind === 'dead-units');

describe('dead-units', () => {
  it('warns about a layer with 28 of 64 units dead from the start, at the line that built it', () => {
    const run = new RunBuilder(mlp()).windows(3, { layers: { dense_Dense1: { silent: firstUnits(28) } } });
    const [finding, ...rest] = deadUnitFindings(run);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.layer, 'dense_Dense1');
    assert.deepEqual(finding.source, { file: '/work/train.js', line: 1, column: 3 });
    assert.match(findingText(finding), /28 of 64 units \(44%\)/);
    assert.match(findingText(finding), /dead from the start/);
    assert.equal(finding.evidence.deadFromStart, 28);
    assert.equal(finding.evidence.diedDuringTraining, 0);
    assert.equal(finding.step, 40, 'established at the second evidence window');
  });

  it('judges a layer too wide to flag every unit on its fixed sample of units, and says so', () => {
    const run = new RunBuilder(mlp()).windows(2, { layers: { dense_Dense1: { silent: firstUnits(40) } } });
    // What the runner sends for a 5,000,000-unit layer: 64 sampled flags here, the layer's true width in `units`.
    for (const event of run.events)
      if (event.type === 'window')
        for (const stats of event.activations)
          if (stats.layer === 'dense_Dense1') Object.assign(stats, { units: 5_000_000, sampledUnits: 64 });
    const [finding] = deadUnitFindings(run);
    assert.match(
      findingText(finding),
      /^dense #1 \(line 1\): 63% of its units are dead .* 40 of 64 sampled units \(63%\) \(a fixed sample of its 5,000,000 units\) output 0/,
    );
    assert.equal(finding?.evidence.sampledFrom, 5_000_000);
    const unsampled = new RunBuilder(mlp()).windows(2, { layers: { dense_Dense1: { silent: firstUnits(40) } } });
    assert.equal(deadUnitFindings(unsampled)[0]?.evidence.sampledFrom, null);
  });

  it('is an error at 50% dead', () => {
    const run = new RunBuilder(mlp()).windows(2, { layers: { dense_Dense2: { silent: firstUnits(16) } } });
    assert.equal(deadUnitFindings(run)[0]?.severity, 'error');
  });

  it('ranks SELU, He init, LeakyReLU, batch norm — and skips the initialiser the layer already has', () => {
    const glorot = deadUnitFindings(
      new RunBuilder(mlp()).windows(2, { layers: { dense_Dense1: { silent: firstUnits(40) } } }),
    )[0];
    assert.deepEqual(
      glorot.fixes.map((fix) => fix.action),
      ['swap-activation', 'set-option', 'insert-activation-layer', 'insert-layer-after'],
    );
    assert.deepEqual(glorot.fixes[0], { ...glorot.fixes[0], to: 'selu', kernelInitializer: 'leCunNormal' });
    assert.deepEqual(glorot.fixes[2], { ...glorot.fixes[2], layer: 'leakyReLU', alpha: 0.01 });
    assert.ok(glorot.fixes.every((fix) => /^(Swap activation to|Insert|Set) /.test(fix.title)));

    const he = deadUnitFindings(
      new RunBuilder(mlp('heNormal')).windows(2, { layers: { dense_Dense1: { silent: firstUnits(40) } } }),
    )[0];
    assert.ok(!he.fixes.some((fix) => fix.action === 'set-option'), 'heNormal is already set');
  });

  it('tells units that died during training apart, with the step, and ranks a lower learning rate first', () => {
    const run = new RunBuilder(mlp()).windows(3).windows(3, { layers: { dense_Dense1: { silent: firstUnits(20) } } });
    const [finding] = deadUnitFindings(run);
    assert.match(findingText(finding), /died during training/);
    assert.match(findingText(finding), /dead since step 61/);
    assert.equal(finding.evidence.diedDuringTraining, 20);
    assert.equal(finding.evidence.diedSinceStep, 61);
    assert.equal(finding.cause?.id, 'large-updates');
    assert.equal(finding.fixes[0]?.action, 'advice', 'no optimizer event: the runner did not say where it was built');
    assert.match(finding.fixes[0]?.title ?? '', /^Lower the learning rate/);
    assert.equal(finding.fixes[0]?.treats, 'large-updates');
  });

  it('does not flag a healthy He-init layer whose ~8% silent units differ from batch to batch', () => {
    // One step of 32 samples per window: every window has 5 of 64 units silent, never the same ones twice in a row.
    const run = new RunBuilder(mlp('heNormal')).windows(30, (index) => ({
      steps: 1,
      layers: { dense_Dense1: { silent: [0, 1, 2, 3, 4].map((unit) => (unit * 7 + index * 5) % 64) } },
    }));
    assert.deepEqual(deadUnitFindings(run), []);
  });

  it('does not conclude from too few samples: a single batch, or a single window', () => {
    const oneBatch = new RunBuilder(mlp()).window({
      steps: 1,
      batch: 32,
      layers: { dense_Dense1: { silent: firstUnits(60) } },
    });
    assert.deepEqual(deadUnitFindings(oneBatch), []);
    const oneWindow = new RunBuilder(mlp()).window({ layers: { dense_Dense1: { silent: firstUnits(60) } } });
    assert.deepEqual(deadUnitFindings(oneWindow), [], 'one evidence window is not yet "sustained"');
  });

  it('combines small windows until they hold a few hundred samples', () => {
    // 8 samples per window: 25 windows make one evidence window of 200 samples.
    const run = new RunBuilder(mlp()).windows(49, {
      steps: 1,
      batch: 8,
      layers: { dense_Dense1: { silent: firstUnits(32) } },
    });
    assert.deepEqual(deadUnitFindings(run), [], '49 windows are one evidence window and a partial one');
    run.window({ steps: 1, batch: 8, layers: { dense_Dense1: { silent: firstUnits(32) } } });
    const [finding] = deadUnitFindings(run);
    assert.equal(finding?.evidence.samples, 200);
    assert.equal(finding?.step, 50);
  });

  it('reports a tiny layer of 2 units with one dead', () => {
    const run = new RunBuilder([dense('dense_Tiny', 'relu', 2, 4), dense('dense_Out', 'sigmoid', 1, 2)]).windows(2, {
      layers: { dense_Tiny: { silent: [1] } },
    });
    const [finding] = deadUnitFindings(run);
    assert.match(findingText(finding), /1 of 2 units \(50%\)/);
    assert.equal(finding.severity, 'error');
  });

  it('counts channels for convolutions', () => {
    const conv: LayerSpec = { ...dense('conv2d_Conv2D1', 'relu', 16, 27), className: 'Conv2D' };
    const run = new RunBuilder([conv, dense('dense_Out', 'softmax', 10, 16)]).windows(2, {
      layers: { conv2d_Conv2D1: { silent: firstUnits(4) } },
    });
    assert.match(findingText(deadUnitFindings(run)[0]), /4 of 16 channels \(25%\)/);
  });

  it('ignores layers that cannot die (LeakyReLU), even when their units were never positive', () => {
    const leaky: LayerSpec = { name: 'leaky', className: 'LeakyReLU', activation: 'leakyReLU', units: 8, weights: [] };
    const run = new RunBuilder([dense('dense_A', 'linear', 8, 4), leaky, dense('dense_B', 'sigmoid', 1, 8)]).windows(4);
    for (const event of run.events) {
      if (event.type !== 'window') continue;
      const stats = event.activations.find((activation) => activation.layer === 'leaky');
      if (stats) stats.everActive = Array<number>(8).fill(0);
    }
    assert.deepEqual(deadUnitFindings(run), []);
  });

  it('withdraws the finding once the units are clearly alive again for two evidence windows', () => {
    const run = new RunBuilder(mlp()).windows(3, { layers: { dense_Dense1: { silent: firstUnits(20) } } }).window();
    assert.equal(deadUnitFindings(run).length, 1, 'one healthy window is not yet a recovery');
    run.window();
    assert.deepEqual(deadUnitFindings(run), []);
  });
});
