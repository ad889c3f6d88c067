/**
 * Diagnoses that name the cause: the conclusion at the end of a run or at divergence, cause attribution and
 * cause-first fixes, the divergence chain, one problem per cause, and names as the script writes them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { RunBuilder, dense, firstUnits, type LayerSpec } from './analysis-helpers.ts';

const mlp = (hidden: Partial<LayerSpec> = {}): LayerSpec[] => [
  { ...dense('dense_Dense1', 'relu', 16, 8, 'heNormal'), ...hidden },
  dense('dense_Dense2', 'relu', 16, 16, 'heNormal'),
  dense('dense_Dense3', 'linear', 1, 16),
];

const kindsAndLayers = (events: RunBuilder) =>
  analyzeEvents(events.events).map((finding) => `${finding.kind}@${finding.layer}`);

describe('the conclusion when a run ends or diverges', () => {
  it('raises dead units seen in the only evidence window once the run ends, not before', () => {
    const run = new RunBuilder(mlp()).window({ layers: { dense_Dense2: { silent: firstUnits(16) } } });
    assert.deepEqual(kindsAndLayers(run), [], 'one check: the hysteresis still waits');
    assert.deepEqual(kindsAndLayers(run.end('stopped')), ['dead-units@dense_Dense2']);
  });

  it('does not raise, at the end, evidence that came and went during a long run', () => {
    const flickering = new RunBuilder(mlp())
      .windows(4)
      .window({ layers: { dense_Dense1: { saturated: null, mean: 5, variance: 9 } } })
      .end();
    assert.deepEqual(
      analyzeEvents(flickering.events).filter((finding) => finding.severity !== 'info'),
      [],
    );
  });

  it('raises what was building up when training goes non-finite: dead units, then the NaN, in one window', () => {
    const run = new RunBuilder(mlp()).window({
      layers: { dense_Dense2: { silent: firstUnits(7) } },
      nonFinite: [{ step: 14, where: 'activation', layer: 'dense_Dense3', weight: null, nan: 0, inf: 1 }],
    });
    assert.deepEqual(kindsAndLayers(run).sort(), ['dead-units@dense_Dense2', 'non-finite@dense_Dense3']);
  });

  it('calls growth of 100× or more before an overflow exploding, even within the first window', () => {
    const run = new RunBuilder(mlp()).window({
      layers: Object.fromEntries(
        mlp().map((layer) => [layer.name, { gradient: (step: number) => (step < 16 ? 0.1 * 10 ** step : null) }]),
      ),
      nonFinite: [{ step: 16, where: 'gradient', layer: 'dense_Dense1', weight: 'kernel', nan: 1, inf: 0 }],
    });
    const exploding = analyzeEvents(run.events).find((finding) => finding.kind === 'exploding-gradient');
    assert.equal(exploding?.severity, 'error');
    assert.equal(exploding?.evidence.growthFromStep, 1);
    assert.ok((exploding?.evidence.growthBeforeOverflow as number) > 1e13);
  });
});

describe('cause attribution and cause-first fixes', () => {
  it('a negative constant bias: the bias fix comes first, the activation swaps after', () => {
    const layers = mlp({ config: { biasConstant: -4, biasInitializer: 'Constant' }, assignedTo: 'hidden' });
    const run = new RunBuilder(layers).windows(2, { layers: { dense_Dense1: { silent: firstUnits(16) } } });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding.cause?.id, 'negative-bias');
    assert.equal(finding.message, 'hidden: 100% of its units are dead — they output 0 for every sample.');
    assert.deepEqual(finding.fixes[0], {
      title: 'Set biasInitializer to zeros',
      why: finding.fixes[0]!.why,
      treats: 'negative-bias',
      action: 'set-option',
      option: 'biasInitializer',
      value: 'zeros',
    });
    assert.ok(finding.fixes.slice(1).some((fix) => fix.action === 'swap-activation' && !fix.treats));
  });

  it('units that died after being active: lower the learning rate where the optimizer is built, to a tenth', () => {
    const run = new RunBuilder(mlp())
      .optimizer('SGDOptimizer', 0.6, 12)
      .windows(3)
      .windows(2, { layers: { dense_Dense2: { silent: firstUnits(8) } } });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding.cause?.id, 'large-updates');
    const first = finding.fixes[0]!;
    assert.equal(first.action, 'set-learning-rate');
    assert.ok(first.action === 'set-learning-rate');
    assert.deepEqual([first.at.line, first.optimizer, first.from, first.to], [12, 'sgd', 0.6, 0.06]);
    assert.equal(first.title, 'Lower the learning rate of sgd to 0.06 (from 0.6)');
  });

  it('a first layer dead from the start on raw inputs: standardise the inputs', () => {
    const run = new RunBuilder(mlp()).windows(2, {
      layers: { dense_Dense1: { silent: firstUnits(12), input: { mean: 120, variance: 4900 } } },
    });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding.cause?.id, 'unscaled-inputs');
    assert.match(finding.cause!.because, /mean 120 and std 70/);
    assert.equal(finding.fixes[0]?.title, 'Standardise the inputs to mean 0, variance 1');
    assert.equal(finding.fixes[0]?.treats, 'unscaled-inputs');
  });

  it('a NaN loss with no growth before it and every output finite: an undefined operation', () => {
    const run = new RunBuilder(mlp())
      .windows(2)
      .window({ nonFinite: [{ step: 45, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 }] });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding.kind, 'non-finite');
    assert.equal(finding.cause?.id, 'undefined-operation');
    assert.match(finding.fixes[0]!.title, /log\(0\)/);
  });

  it('a SELU layer already on leCunNormal, still off its fixed point, is still offered a fix for its set-up', () => {
    const selu: LayerSpec[] = [
      dense('dense_Selu1', 'selu', 16, 8, 'leCunNormal'),
      dense('dense_Selu2', 'selu', 16, 16, 'leCunNormal'),
      dense('dense_Out', 'linear', 1, 16),
    ];
    const run = new RunBuilder(selu).windows(3, { layers: { dense_Selu1: { mean: 0.7, variance: 6 } } });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding?.kind, 'activation-drift');
    assert.equal(finding.cause?.id, 'selu-setup');
    assert.deepEqual(
      finding.fixes.map((fix) => fix.title),
      ['Standardise the inputs to mean 0, variance 1'],
    );
  });

  it('every finding offers a fix, or says why none applies', () => {
    // The output layer has no activation to swap and no layer after it: nothing but advice could apply.
    const run = new RunBuilder([dense('dense_Only', 'linear', 1, 10000)])
      .windows(3, { layers: { dense_Only: { gradient: 1e-6 } } })
      .end();
    for (const finding of analyzeEvents(run.events))
      assert.ok(finding.fixes.length > 0 || /No source fix applies/.test(finding.detail ?? ''), finding.message);
  });
});

describe('the divergence chain', () => {
  it('tells explosion → saturation → first Inf → NaN loss in order, each link at its line', () => {
    const tanhNet: LayerSpec[] = [
      dense('dense_Dense1', 'tanh', 32, 8),
      dense('dense_Dense2', 'tanh', 32, 32),
      dense('dense_Dense3', 'tanh', 32, 32),
      dense('dense_Dense4', 'linear', 1, 32),
    ];
    const growing = (step: number) => (step < 15 ? 10 ** (step - 1) : null);
    const run = new RunBuilder(tanhNet).window({
      layers: {
        dense_Dense1: { gradient: growing, saturated: 0.99 },
        dense_Dense2: { gradient: growing, saturated: 0.99 },
        dense_Dense3: { gradient: growing, saturated: 0.98 },
        dense_Dense4: { gradient: growing },
      },
      nonFinite: [
        { step: 15, where: 'activation', layer: 'dense_Dense3', weight: null, nan: 0, inf: 4 },
        { step: 15, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 },
      ],
    });
    const findings = analyzeEvents(run.events);
    const nonFinite = findings.find((finding) => finding.kind === 'non-finite')!;
    assert.equal(nonFinite.layer, 'dense_Dense3');
    assert.equal(nonFinite.message, "Training diverged at step 15: dense #3 (line 3)'s outputs became Infinity first.");
    const chain = nonFinite.evidence.chain as string[];
    assert.match(chain[0]!, /gradients explode — the norm grew 1\.0e13× in 13 steps/);
    assert.match(chain[1]!, /^3 layers built|^dense #1 \(line 1\)|saturated/);
    assert.match(chain.at(-2)!, /dense #3 \(line 3\)'s outputs became Infinity/);
    assert.equal(chain.at(-1), 'the loss became NaN/Infinity at step 15');
    assert.equal(nonFinite.cause?.id, 'large-updates');
    const kinds = findings.map((finding) => finding.kind).sort();
    assert.deepEqual(kinds, ['exploding-gradient', 'non-finite', 'saturation', 'saturation', 'saturation']);
  });
});

describe('one problem per cause', () => {
  it('merges the findings of layers built at one line (a loop) into one, with the count', () => {
    const loop: LayerSpec[] = [
      { ...dense('dense_Dense1', 'relu', 16, 8, 'heNormal'), line: 5 },
      { ...dense('dense_Dense2', 'relu', 16, 16, 'heNormal'), line: 5 },
      { ...dense('dense_Dense3', 'relu', 16, 16, 'heNormal'), line: 5 },
      { ...dense('dense_Dense4', 'linear', 1, 16), line: 7 },
    ];
    const silent = { silent: firstUnits(10) };
    const run = new RunBuilder(loop).windows(2, {
      layers: { dense_Dense1: silent, dense_Dense2: silent, dense_Dense3: silent },
    });
    const findings = analyzeEvents(run.events);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]!.layers, ['dense_Dense1', 'dense_Dense2', 'dense_Dense3']);
    assert.equal(
      findings[0]!.message,
      '3 layers built at line 5: 63% of its units are dead — they output 0 for every sample.',
    );
    assert.deepEqual(findings[0]!.related, [], 'no related entry pointing at its own line');
  });

  it('keeps a message within 120 characters however long the name the script gives the layer', () => {
    const name = 'this.residualBlockNumberThreeWithAnUnusuallyDescriptiveNameForItsHiddenProjection';
    const run = new RunBuilder(mlp({ assignedTo: name })).windows(2, {
      layers: { dense_Dense1: { silent: firstUnits(16) } },
    });
    const [finding] = analyzeEvents(run.events);
    assert.ok(finding!.message.length <= 120, finding!.message);
    assert.match(finding!.message, /^this\.residualBlock\S*…: 100% of its units are dead/);
  });

  it('names a layer nobody assigned by its factory, ordinal and line', () => {
    const run = new RunBuilder(mlp()).windows(2, { layers: { dense_Dense2: { silent: firstUnits(16) } } });
    assert.match(analyzeEvents(run.events)[0]!.message, /^dense #2 \(line 2\): /);
  });
});
