import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunnerEvent, WindowEvent } from '../../src/core/events.ts';
import { Analyzer, analyzeEvents } from '../../src/analysis/index.ts';
import { RunBuilder, dense, firstUnits, type LayerSpec } from './analysis-helpers.ts';

const sigmoidStack = (prefix: string): LayerSpec[] => [
  dense(`${prefix}_Dense1`, 'sigmoid', 16, 4),
  dense(`${prefix}_Dense2`, 'sigmoid', 16, 16),
  dense(`${prefix}_Dense3`, 'softmax', 3, 16),
];

const windowsOf = (run: RunBuilder) => run.events.filter((event): event is WindowEvent => event.type === 'window');

describe('Analyzer', () => {
  it('sorts findings by severity, then by step', () => {
    const layers = [
      dense('dense_Dense1', 'relu', 20, 4),
      dense('dense_Dense2', 'relu', 20, 20),
      dense('dense_Dense3', 'tanh', 20, 20),
      dense('dense_Out', 'softmax', 3, 20),
    ];
    const run = new RunBuilder(layers)
      .windows(3, { layers: { dense_Dense2: { silent: firstUnits(4) }, dense_Dense3: { saturated: 0.8 } } })
      .windows(2, {
        layers: {
          dense_Dense1: { silent: firstUnits(4) },
          dense_Dense2: { silent: firstUnits(12) },
          dense_Dense3: { saturated: 0.8 },
        },
      });
    const summary = analyzeEvents(run.events).map(
      (finding) => `${finding.severity} ${finding.kind}@${finding.layer} step ${finding.step}`,
    );
    // Dense2 is raised as a warning at step 40 and escalates to an error later, keeping its step.
    assert.deepEqual(summary, [
      'error dead-units@dense_Dense2 step 40',
      'warning saturation@dense_Dense3 step 60',
      'warning dead-units@dense_Dense1 step 100',
    ]);
  });

  it('orders layers of equal severity and step by depth', () => {
    const layers = [
      dense('dense_Dense1', 'relu', 20, 4),
      dense('dense_Dense2', 'relu', 20, 20),
      dense('dense_Out', 'softmax', 3, 20),
    ];
    // Layer events arrive deepest first; the model event decides the order.
    const run = new RunBuilder(layers).windows(2, {
      layers: { dense_Dense1: { silent: firstUnits(4) }, dense_Dense2: { silent: firstUnits(4) } },
    });
    const [layerEvents, rest] = [
      run.events.filter((event) => event.type === 'layer').reverse(),
      run.events.filter((event) => event.type !== 'layer'),
    ];
    assert.deepEqual(
      analyzeEvents([...layerEvents, ...rest]).map((finding) => finding.layer),
      ['dense_Dense1', 'dense_Dense2'],
    );
  });

  it('uses the order of layer events when no model event comes', () => {
    const run = new RunBuilder(sigmoidStack('dense'), { model: null }).windows(3, {
      layers: { dense_Dense1: { gradient: 1e-5 } },
    });
    const [finding] = analyzeEvents(run.events);
    assert.equal(finding?.kind, 'vanishing-gradient');
    assert.equal(finding?.evidence.outputLayer, 'dense_Dense3');
    assert.equal(finding?.related[0]?.layer, 'dense_Dense2');
  });

  it('keeps a model built twice apart: the second model is measured against its own output layer', () => {
    const first = new RunBuilder(sigmoidStack('first'), { model: 'sequential_1' });
    const second = new RunBuilder(sigmoidStack('second'), { model: 'sequential_2', firstLine: 10 }).windows(3, {
      layers: { second_Dense1: { gradient: 1e-5 } },
    });
    const [finding, ...rest] = analyzeEvents([...first.events, ...second.events]);
    assert.equal(rest.length, 0);
    assert.equal(finding.layer, 'second_Dense1');
    assert.equal(finding.source?.line, 10);
    assert.equal(finding.evidence.outputLayer, 'second_Dense3');
    assert.equal(finding.related[0]?.layer, 'second_Dense2');
  });

  it('measures two models trained in the same steps each against its own output layer', () => {
    // Model a's gradients are all small but even: not vanishing within a. Against b's output layer they would be.
    const a = new RunBuilder(sigmoidStack('a'), { model: 'a' }).windows(3, {
      layers: { a_Dense1: { gradient: 1e-5 }, a_Dense2: { gradient: 1e-5 }, a_Dense3: { gradient: 1e-5 } },
    });
    const b = new RunBuilder(sigmoidStack('b'), { model: 'b' }).windows(3, {
      layers: { b_Dense1: { gradient: 1e-5 } },
    });
    const [aWindows, bWindows] = [windowsOf(a), windowsOf(b)];
    const merged: RunnerEvent[] = [
      ...a.events.filter((event) => event.type !== 'window'),
      ...b.events.filter((event) => event.type !== 'window'),
      ...aWindows.map((window, index) => ({
        ...window,
        gradients: [...window.gradients, ...bWindows[index].gradients],
        activations: [...window.activations, ...bWindows[index].activations],
      })),
    ];
    assert.deepEqual(
      analyzeEvents(merged).map((finding) => `${finding.kind}@${finding.layer}`),
      ['vanishing-gradient@b_Dense1'],
    );
  });

  it('updates incrementally and agrees with analyzeEvents', () => {
    const run = new RunBuilder(sigmoidStack('dense')).windows(4, { layers: { dense_Dense1: { gradient: 1e-5 } } });
    const analyzer = new Analyzer();
    const counts = run.events.map((event) => {
      analyzer.push(event);
      return analyzer.findings().length;
    });
    assert.deepEqual(counts.slice(-4), [0, 0, 1, 1]);
    assert.deepEqual(analyzer.findings(), analyzeEvents(run.events));
  });

  it('ignores events that carry no measurements', () => {
    const analyzer = new Analyzer();
    const events: RunnerEvent[] = [
      { type: 'note', level: 'info', message: 'using wasm' },
      { type: 'epoch', epoch: 0, step: 10, logs: { loss: 0.4 } },
      { type: 'end', reason: 'completed', steps: 10, elapsedMs: 100 },
      { type: 'error', phase: 'script', message: 'boom', stack: null, location: null, steps: 10 },
    ];
    events.forEach((event) => analyzer.push(event));
    assert.deepEqual(analyzer.findings(), []);
  });

  it('stays silent on a healthy run', () => {
    const layers = [
      dense('dense_Dense1', 'relu', 64, 20, 'heNormal'),
      dense('dense_Dense2', 'selu', 32, 64, 'leCunNormal'),
      dense('dense_Dense3', 'tanh', 16, 32),
      dense('dense_Out', 'softmax', 10, 16),
    ];
    assert.deepEqual(analyzeEvents(new RunBuilder(layers).windows(20).events), []);
  });
});
