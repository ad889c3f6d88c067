import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WindowEvent } from '../../src/core/events.ts';
import { windowsWithinLimit } from '../../src/runner/instrument/window-split.ts';

/** A window of steps 101..200 with `weights` weights, a sampled layer's statistics and a NaN at step 180. */
function longWindow(weights: number): WindowEvent {
  const steps = Array.from({ length: 100 }, (_, index) => 101 + index);
  return {
    type: 'window',
    fromStep: 101,
    toStep: 200,
    loss: steps.map((step) => 1 / step),
    gradients: Array.from({ length: weights }, (_, index) => ({
      layer: `dense_Dense${index}`,
      weight: 'kernel',
      size: 64,
      norm: steps.map((step) => Math.sqrt(step) / 3),
    })),
    activations: [
      {
        layer: 'dense_Dense0',
        units: 8,
        samples: 128,
        sampledSteps: 4,
        everActive: [1, 1, 0, 1, 1, 1, 1, 1],
        mean: 0.3,
        variance: 0.2,
        saturated: null,
      },
    ],
    nonFinite: [{ step: 180, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 }],
    elapsedMs: 1234,
  };
}

test('a window within the limit goes out as it is', () => {
  const window = longWindow(3);
  assert.deepEqual(windowsWithinLimit(window, 1_000_000), [window]);
});

test('a window over the limit goes out as consecutive windows over its steps, nothing lost', () => {
  const window = longWindow(40);
  const limit = JSON.stringify(window).length / 3;
  const parts = windowsWithinLimit(window, limit);
  assert.ok(parts.length >= 4, `${parts.length} parts`);
  assert.ok(parts.every((part) => JSON.stringify(part).length <= limit));
  assert.deepEqual(
    parts.map((part) => [part.fromStep, part.toStep]),
    parts.map((part, index) => [index === 0 ? 101 : parts[index - 1]!.toStep + 1, part.toStep]),
  );
  assert.equal(parts.at(-1)!.toStep, 200);
  assert.deepEqual(
    parts.flatMap((part) => part.loss),
    window.loss,
  );
  for (const series of window.gradients.keys())
    assert.deepEqual(
      parts.flatMap((part) => part.gradients[series]!.norm),
      window.gradients[series]!.norm,
    );
  assert.deepEqual(parts[0]!.activations, window.activations, 'statistics of the sampled (first) steps');
  assert.ok(parts.slice(1).every((part) => part.activations.length === 0));
  const withNaN = parts.filter((part) => part.nonFinite.length > 0);
  assert.equal(withNaN.length, 1);
  assert.ok(withNaN[0]!.fromStep <= 180 && 180 <= withNaN[0]!.toStep);
});
