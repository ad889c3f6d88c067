import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { findingText, RunBuilder, dense, type LayerSpec } from './analysis-helpers.ts';

const tanhNet = (): LayerSpec[] => [
  dense('dense_Tanh1', 'tanh', 32, 8),
  dense('dense_Sigmoid2', 'sigmoid', 32, 32, 'heNormal'),
  dense('dense_Out', 'sigmoid', 1, 32),
];

const saturation = (run: RunBuilder) => analyzeEvents(run.events).filter((finding) => finding.kind === 'saturation');

describe('saturation', () => {
  it('warns about a hidden tanh layer with most outputs in the flat region, sustained over 3 checks', () => {
    const run = new RunBuilder(tanhNet()).windows(3, { layers: { dense_Tanh1: { saturated: 0.7 } } });
    const [finding, ...rest] = saturation(run);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.layer, 'dense_Tanh1');
    assert.equal(finding.step, 60);
    assert.match(findingText(finding), /70% of its tanh outputs sit in the flat region/);
    assert.match(findingText(finding), /tanh′ < 1\.8e-4/);
    assert.equal(finding.fixes[0]?.title, 'Swap activation to relu (with heNormal initialiser)');
    assert.ok(!finding.fixes.some((fix) => fix.action === 'set-option'), 'already Glorot-initialised');
  });

  it('suggests Glorot init for a sigmoid layer initialised for ReLU', () => {
    const [finding] = saturation(
      new RunBuilder(tanhNet()).windows(3, { layers: { dense_Sigmoid2: { saturated: 0.9 } } }),
    );
    assert.ok(finding?.fixes.some((fix) => fix.title === 'Set kernelInitializer to glorotUniform'));
  });

  it('stays silent at or below half, and for the output layer', () => {
    const run = new RunBuilder(tanhNet()).windows(6, {
      layers: { dense_Tanh1: { saturated: 0.5 }, dense_Out: { saturated: 0.99 } },
    });
    assert.deepEqual(saturation(run), []);
  });

  it('honours an overridden threshold', () => {
    const run = new RunBuilder(tanhNet()).windows(3, { layers: { dense_Tanh1: { saturated: 0.3 } } });
    assert.deepEqual(
      analyzeEvents(run.events, { saturationFraction: 0.25 }).map((finding) => finding.kind),
      ['saturation'],
    );
  });
});
