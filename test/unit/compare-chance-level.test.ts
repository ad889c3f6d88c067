/** The loss of a model that learnt nothing (baseline-facts.ts): ln k for classifiers, the targets' variance for MSE. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chanceLevel, outputTargets } from '../../src/compare/baseline-facts.ts';
import { caveat } from '../../src/compare/practical-significance.ts';
import type { LayerEvent, ModelEvent, TargetsEvent } from '../../src/core/events.ts';

function layer(name: string, activation: string | null, units: number | null): LayerEvent {
  return {
    type: 'layer',
    name,
    className: 'Dense',
    activation,
    units,
    outputShape: null,
    params: 0,
    weights: [],
    config: {},
    source: null,
  };
}

const hidden = layer('dense_Dense1', 'relu', 16);
const model = (output: LayerEvent) => [hidden, output];
const targets = (loss: string | null, meanPredictorMse: number | null = 6.16): TargetsEvent => ({
  type: 'targets',
  model: 'sequential_1',
  loss,
  meanPredictorMse,
  samples: 512,
});
const linear = layer('dense_Dense2', 'linear', 2);
const softmax = layer('dense_Dense2', 'softmax', 4);

describe('a regression trained with MSE', () => {
  test('its level is the targets’ variance, whichever tfjs spelling named the loss', () => {
    for (const loss of ['meanSquaredError', 'mse', 'MSE', 'mean_squared_error'])
      assert.deepEqual(chanceLevel(model(linear), 'loss', targets(loss)), {
        value: 6.16,
        label: 'variance of the targets ≈ 6.16, the MSE of predicting their mean',
      });
  });

  test('an output without an activation of its own counts as linear', () => {
    assert.equal(chanceLevel(model(layer('out', null, null)), 'loss', targets('mse'))?.value, 6.16);
  });

  test('val_loss gets the same level (the held-out targets’ variance, up to sampling)', () => {
    assert.equal(chanceLevel(model(linear), 'val_loss', targets('meanSquaredError'))?.value, 6.16);
  });

  test('none for accuracy, another loss, an unnamed loss, or targets that were not finite', () => {
    assert.equal(chanceLevel(model(linear), 'acc', targets('meanSquaredError')), null);
    assert.equal(chanceLevel(model(linear), 'val_acc', targets('meanSquaredError')), null);
    assert.equal(chanceLevel(model(linear), 'loss', targets('meanAbsoluteError')), null);
    assert.equal(chanceLevel(model(linear), 'loss', targets(null)), null);
    assert.equal(chanceLevel(model(linear), 'loss', targets('meanSquaredError', null)), null);
    assert.equal(chanceLevel(model(linear), 'loss', null), null);
  });

  test('a squashing output under MSE gets none: neither ln k (a cross-entropy’s scale) nor a mean it may not reach', () => {
    assert.equal(chanceLevel(model(softmax), 'loss', targets('meanSquaredError')), null);
    assert.equal(chanceLevel(model(layer('out', 'sigmoid', 1)), 'loss', targets('mse')), null);
    assert.equal(chanceLevel(model(layer('out', 'tanh', 1)), 'loss', targets('mse')), null);
  });

  test('a better candidate still near the level reads "still at chance level" with the level named', () => {
    const level = chanceLevel(model(linear), 'loss', targets('meanSquaredError'));
    const facts = { relativeDifference: -0.1, equivalenceP: null, equivalenceMargin: null, alpha: 0.05 };
    assert.equal(
      caveat({ ...facts, direction: 'better', candidateMean: 6.0, chanceLevel: level }),
      'still at chance level (variance of the targets ≈ 6.16, the MSE of predicting their mean)',
    );
    assert.equal(caveat({ ...facts, direction: 'better', candidateMean: 1.2, chanceLevel: level }), null);
  });
});

describe('a classifier', () => {
  test('ln k from the output activation, with a cross-entropy or no loss known', () => {
    assert.equal(chanceLevel(model(softmax), 'loss')?.label, 'ln 4 ≈ 1.386');
    assert.equal(chanceLevel(model(softmax), 'val_loss', targets('categoricalCrossentropy'))?.value, Math.log(4));
    assert.equal(chanceLevel(model(softmax), 'loss', targets(null))?.value, Math.log(4));
    const sigmoid = layer('out', 'sigmoid', 1);
    assert.equal(chanceLevel(model(sigmoid), 'loss', targets('binaryCrossentropy'))?.value, Math.LN2);
  });

  test('none when compile named a loss that is not a cross-entropy', () => {
    assert.equal(chanceLevel(model(softmax), 'loss', targets('meanAbsoluteError')), null);
    assert.equal(chanceLevel(model(softmax), 'acc'), null);
  });
});

test('the targets event used is the one of the model that ends in the output layer', () => {
  const models: ModelEvent[] = [
    { type: 'model', name: 'encoder', className: 'Sequential', layers: ['dense_Dense1'], source: null },
    {
      type: 'model',
      name: 'sequential_1',
      className: 'Sequential',
      layers: ['dense_Dense1', 'dense_Dense2'],
      source: null,
    },
  ];
  const ours = targets('meanSquaredError');
  const other = { ...targets('mse', 1), model: 'encoder' };
  assert.equal(outputTargets(model(linear), models, [other, ours]), ours);
  assert.equal(outputTargets(model(linear), models, [other]), null);
  assert.equal(outputTargets([], models, [ours]), null);
});
