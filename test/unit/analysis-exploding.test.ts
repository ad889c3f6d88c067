import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { findingText, RunBuilder, dense, type LayerSpec } from './analysis-helpers.ts';

const reluNet = (): LayerSpec[] => [
  dense('dense_Dense1', 'relu', 64, 20, 'heNormal'),
  dense('dense_Dense2', 'relu', 64, 64, 'heNormal'),
  dense('dense_Dense3', 'relu', 64, 64, 'heNormal'),
  dense('dense_Dense4', 'softmax', 10, 64),
];

const kinds = (run: RunBuilder) =>
  analyzeEvents(run.events).map((finding) => `${finding.kind}@${finding.layer}:${finding.severity}`);

describe('exploding-gradient', () => {
  it("fires on AUTOTRAINER's ratio: first layer ≥ 70× the output layer, sustained", () => {
    const run = new RunBuilder(reluNet()).windows(3, {
      layers: { dense_Dense1: { gradient: 50 }, dense_Dense2: { gradient: 5 }, dense_Dense3: { gradient: 1 } },
    });
    const [finding, ...rest] = analyzeEvents(run.events);
    assert.equal(rest.length, 0);
    assert.equal(finding.kind, 'exploding-gradient');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.layer, 'dense_Dense1', 'reported at the layer with the largest gradient');
    assert.equal(finding.evidence.ratioToOutput, 500);
    assert.equal(finding.evidence.outputLayer, 'dense_Dense4');
    assert.match(
      findingText(finding),
      /dense_Dense1's gradient norm \(50\) is 500× the output layer's \(dense_Dense4: 0\.1\)/,
    );
    assert.match(finding.fixes[0]?.title ?? '', /^Lower the learning rate/);
    assert.equal(finding.cause?.id, 'large-updates');
  });

  it('fires on sustained growth of ≥2× per check', () => {
    const growing = new RunBuilder(reluNet()).window().windows(3, (index) => ({
      layers: Object.fromEntries(reluNet().map((layer) => [layer.name, { gradient: 0.1 * 3 ** (index + 1) }])),
    }));
    const [finding] = analyzeEvents(growing.events);
    assert.equal(finding?.kind, 'exploding-gradient');
    assert.ok(Math.abs((finding?.evidence.growthPerCheck as number) - 3) < 1e-9);
  });

  it('does not fire on two checks of growth, or on steady large-but-even gradients', () => {
    const twice = new RunBuilder(reluNet()).window().windows(2, (index) => ({
      layers: Object.fromEntries(reluNet().map((layer) => [layer.name, { gradient: 0.1 * 3 ** (index + 1) }])),
    }));
    assert.deepEqual(kinds(twice), []);
    const even = new RunBuilder(reluNet()).windows(8, {
      layers: Object.fromEntries(reluNet().map((layer) => [layer.name, { gradient: 5 }])),
    });
    assert.deepEqual(kinds(even), []);
  });

  it('stays raised while the gradients stay far above where they were before growing, and clears once they are back', () => {
    const all = (gradient: number) => ({
      layers: Object.fromEntries(reluNet().map((layer) => [layer.name, { gradient }])),
    });
    const run = new RunBuilder(reluNet())
      .window(all(0.1))
      .windows(3, (index) => all(0.1 * 10 ** (index + 1)))
      .windows(5, () => all(100));
    const stillExploded = analyzeEvents(run.events).filter((finding) => finding.kind === 'exploding-gradient');
    assert.equal(stillExploded.length, 1, 'no longer growing is not the same as recovered');
    assert.match(findingText(stillExploded[0]!), /before it began to grow/);
    const recovered = new RunBuilder(reluNet())
      .window(all(0.1))
      .windows(3, (index) => all(0.1 * 10 ** (index + 1)))
      .windows(5, () => all(0.12));
    assert.deepEqual(
      analyzeEvents(recovered.events).filter((finding) => finding.kind === 'exploding-gradient'),
      [],
    );
  });

  it('compares a middle layer against the output layer', () => {
    const run = new RunBuilder(reluNet()).windows(3, { layers: { dense_Dense2: { gradient: 20 } } });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding?.layer, 'dense_Dense2');
    assert.equal(finding?.evidence.ratioToOutput, 200);
  });

  it("does not mistake a vanishing net's output layer for an exploding one", () => {
    const vanishing = Object.fromEntries(
      ['dense_Dense1', 'dense_Dense2', 'dense_Dense3'].map((layer) => [layer, { gradient: 1e-5 }]),
    );
    const kindsFound = new Set(
      analyzeEvents(new RunBuilder(reluNet()).windows(4, { layers: vanishing }).events).map((finding) => finding.kind),
    );
    assert.deepEqual([...kindsFound], ['vanishing-gradient']);
  });

  it('becomes an error at once when growth that was still building up ends in NaN', () => {
    // Two checks of growth (not yet enough to raise), then NaN from the first step of the next window.
    const run = new RunBuilder(reluNet())
      .window()
      .windows(2, (index) => ({
        layers: Object.fromEntries(reluNet().map((layer) => [layer.name, { gradient: 0.1 * 4 ** (index + 1) }])),
      }))
      .window({
        layers: Object.fromEntries(reluNet().map((layer) => [layer.name, { gradient: null }])),
        nonFinite: [{ step: 61, where: 'gradient', layer: 'dense_Dense1', weight: 'kernel', nan: 4, inf: 0 }],
      });
    const findings = analyzeEvents(run.events);
    assert.deepEqual(
      findings.map((finding) => [finding.kind, finding.severity]),
      [
        ['exploding-gradient', 'error'],
        ['non-finite', 'error'],
      ],
    );
    assert.equal(findings[0].evidence.nonFiniteStep, 61);
    assert.equal(findings[0].step, 60, 'established by the last check with growth');
    assert.match(findingText(findings[0]), /non-finite at step 61/);
  });

  it('does not blame exploding gradients for a NaN that follows healthy ones', () => {
    const run = new RunBuilder(reluNet())
      .windows(3)
      .window({ nonFinite: [{ step: 70, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 }] });
    assert.deepEqual(kinds(run), ['non-finite@null:error']);
  });
});
