import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { findingText, RunBuilder, dense, firstUnits, type LayerSpec } from './analysis-helpers.ts';

const net = (): LayerSpec[] => [
  dense('dense_Dense1', 'relu', 16, 4),
  dense('dense_Dense2', 'relu', 16, 16),
  dense('dense_Dense3', 'sigmoid', 1, 16),
];

/**
 * After NaN, ReLU maxima compare false against 0 and gradients are NaN: windows that would look dead and vanishing.
 * The runner reports no moments for steps after the first NaN (null mean), and the analysis ignores them.
 */
const garbageAfterNaN = {
  layers: {
    dense_Dense1: { gradient: null, silent: firstUnits(16), mean: null },
    dense_Dense2: { gradient: null, silent: firstUnits(16), mean: null },
    dense_Dense3: { gradient: null, mean: null },
  },
};

describe('non-finite', () => {
  it('reports NaN at step 0 as one error, and nothing computed from it afterwards', () => {
    const run = new RunBuilder(net())
      .window({
        ...garbageAfterNaN,
        nonFinite: [{ step: 0, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 }],
      })
      .windows(6, garbageAfterNaN);
    const findings = analyzeEvents(run.events);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.kind, 'non-finite');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.step, 0);
    assert.equal(finding.layer, null);
    assert.equal(finding.source, null);
    assert.match(findingText(finding), /The loss became NaN \(1 value\) at step 0/);
  });

  it('points at the first layer in model order, forward pass before gradients', () => {
    const run = new RunBuilder(net()).window({
      nonFinite: [
        { step: 12, where: 'gradient', layer: 'dense_Dense1', weight: 'kernel', nan: 64, inf: 0 },
        { step: 12, where: 'activation', layer: 'dense_Dense3', weight: null, nan: 32, inf: 0 },
        { step: 12, where: 'activation', layer: 'dense_Dense2', weight: null, nan: null, inf: null },
        { step: 14, where: 'activation', layer: 'dense_Dense1', weight: null, nan: 1, inf: 0 },
      ],
    });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding.layer, 'dense_Dense2');
    assert.equal(finding.step, 12);
    assert.equal(finding.source?.line, 2);
    assert.match(findingText(finding), /Dense #2 \(line 2\)'s outputs became NaN or Infinity at step 12/);
    assert.equal(finding.evidence.lastFiniteLoss, 0.5);
    assert.equal(finding.evidence.lastFiniteLossStep, 11);
  });

  it('keeps findings raised before the NaN, frozen as they were', () => {
    const run = new RunBuilder(net())
      .windows(2, { layers: { dense_Dense2: { silent: firstUnits(4) } } })
      .window({
        ...garbageAfterNaN,
        nonFinite: [{ step: 41, where: 'gradient', layer: 'dense_Dense3', weight: 'bias', nan: 0, inf: 1 }],
      })
      .windows(3, garbageAfterNaN);
    const findings = analyzeEvents(run.events);
    assert.deepEqual(
      findings.map((finding) => `${finding.kind}@${finding.layer}`),
      ['non-finite@dense_Dense3', 'dead-units@dense_Dense2'],
    );
    assert.equal(findings[1].evidence.deadUnits, 4, 'not updated from the all-zero windows after the NaN');
    assert.match(findingText(findings[0]), /became Infinity \(1 value\)/);
  });
});
