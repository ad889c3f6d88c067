/** What Compare Activations proposes before asking anything: pure, from the source and the last run. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultPlan, estimatedSeconds, runFacts, type RunFacts } from '../../src/compare/compare-plan.ts';
import type { RunnerEvent } from '../../src/core/events.ts';
import { findLayerCalls } from '../../src/source/layer-calls.ts';

const SCRIPT = '/w/train.js';
const SOURCE = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'tanh' }));
model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
`;
const calls = findLayerCalls(SOURCE, SCRIPT);
const inputs = { script: SCRIPT, calls, cursorLine: null, lastRun: null, seeds: 5, maxSteps: 300 };
const facts = (change: Partial<RunFacts> = {}): RunFacts => ({
  metrics: ['loss'],
  stepsPerSecond: 50,
  startSeconds: 4,
  steps: 1000,
  ...change,
});

describe('defaultPlan', () => {
  test('the layer at the cursor, the lecture’s alternatives without its own activation, 5 seeds, loss', () => {
    const plan = defaultPlan({ ...inputs, cursorLine: 3 });
    assert.deepEqual(plan.target, { line: 3 });
    assert.equal(plan.targetLabel, 'train.js:3 (dense #1)');
    assert.equal(plan.baseline, 'tanh');
    assert.deepEqual(plan.candidates, ['leakyReLU', 'prelu', 'elu', 'selu', 'swish']);
    assert.deepEqual([plan.seeds, plan.metric, plan.metrics, plan.maxSteps], [5, 'loss', ['loss'], 300]);
  });

  test('without a layer at the cursor, the first ReLU-family layer; its activation is never a candidate', () => {
    const plan = defaultPlan({ ...inputs, cursorLine: 1 });
    assert.deepEqual([plan.target, plan.targetLabel, plan.baseline], [{ line: 4 }, 'train.js:4 (dense #2)', 'relu']);
    const eluLayer = findLayerCalls(SOURCE.replace("'relu'", "'elu'"), SCRIPT);
    const eluPlan = defaultPlan({ ...inputs, calls: eluLayer, cursorLine: 4 });
    assert.deepEqual(eluPlan.candidates, ['leakyReLU', 'prelu', 'selu', 'swish']);
  });

  test('the first layer with an activation when none is ReLU; all ReLU-family layers when no call names one', () => {
    const sigmoid = findLayerCalls(SOURCE.replace("'relu'", "'sigmoid'"), SCRIPT);
    assert.deepEqual(defaultPlan({ ...inputs, calls: sigmoid }).target, { line: 3 });
    const plan = defaultPlan({ ...inputs, calls: [] });
    assert.deepEqual([plan.target, plan.targetLabel], [{ allRelu: true }, 'all ReLU-family layers of train.js']);
  });

  test('offers only the metrics the last run logged, preferring the validation loss', () => {
    assert.equal(defaultPlan({ ...inputs, lastRun: facts({ metrics: ['loss', 'acc'] }) }).metric, 'loss');
    const validated = defaultPlan({ ...inputs, lastRun: facts({ metrics: ['loss', 'val_loss', 'acc', 'val_acc'] }) });
    assert.deepEqual([validated.metric, validated.metrics], ['val_loss', ['loss', 'val_loss', 'acc', 'val_acc']]);
  });

  test('uses the seeds setting', () => {
    assert.equal(defaultPlan({ ...inputs, seeds: 2 }).seeds, 2);
  });
});

describe('runFacts', () => {
  test('reads the logged metrics (accuracy spelt either way) and the speed after the first step', () => {
    const events = [
      { type: 'progress', steps: 1, elapsedMs: 3000 },
      { type: 'window', fromStep: 1, toStep: 20 },
      { type: 'epoch', epoch: 1, step: 32, logs: { loss: 1.2, accuracy: 0.4 } },
      { type: 'progress', steps: 51, elapsedMs: 4000 },
      { type: 'end', reason: 'completed', steps: 101, elapsedMs: 5000 },
    ] as unknown as RunnerEvent[];
    assert.deepEqual(runFacts(events), { metrics: ['loss', 'acc'], stepsPerSecond: 50, startSeconds: 3, steps: 101 });
  });

  test('knows nothing of a run that never trained', () => {
    assert.deepEqual(runFacts([]), { metrics: [], stepsPerSecond: null, startSeconds: null, steps: null });
  });
});

describe('estimatedSeconds', () => {
  test('waves of parallel runs, each the start-up plus its steps at the last run’s speed', () => {
    const plan = { candidates: ['elu', 'selu'], seeds: 5, maxSteps: 300 };
    // 15 runs, 2 at a time → 8 waves of 4 s + 300 / 50 s.
    assert.equal(estimatedSeconds(plan, facts(), 2), 80);
    // A script that ends after 100 steps ends there again.
    assert.equal(estimatedSeconds(plan, facts({ steps: 100 }), 2), 48);
    assert.equal(estimatedSeconds(plan, null, 2), null);
  });
});
