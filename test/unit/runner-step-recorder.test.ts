/**
 * StepRecorder emits its windows in order whatever order their reads finish in, each with its own values: a read-back
 * decoded at once is assembled in a buffer kept for the next (read-part.ts), and one waiting behind a read still in
 * flight must not be.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { WindowEvent } from '../../src/core/events.ts';
import { OverheadMeter } from '../../src/runner/instrument/overhead-meter.ts';
import { StepRecorder } from '../../src/runner/instrument/step-recorder.ts';
import type { Tensor, Tf } from '../../src/runner/instrument/tfjs-types.ts';

const COST = { ownMs: 0, wallMs: 1, readMs: 0 };

test('a read-back waiting behind one in flight keeps its own values until it is emitted', async () => {
  await tf.setBackend('cpu');
  const windows: WindowEvent[] = [];
  // Reads finish asynchronously (as on webgpu: a loss is kept on the backend); gradients are reduced at their step.
  const recorder = new StepRecorder(
    tf as unknown as Tf,
    (variable) => ({ layer: 'dense', weight: variable, size: 2 }),
    (window) => windows.push(window),
    Date.now(),
    false,
    true,
    new OverheadMeter(),
  );
  const gradient = (values: number[]) => ({ kernel: tf.tensor1d(values) as unknown as Tensor });
  // Window 1: a loss on the backend, so its read is in flight until the event loop runs.
  recorder.record(1, gradient([3, 4]), tf.scalar(0.5) as unknown as Tensor);
  recorder.closeWindow(1, COST);
  recorder.flush([]);
  // Window 2: only a gradient reduced on the host — assembled at once, but emitted after window 1.
  recorder.record(2, gradient([6, 8]));
  recorder.closeWindow(2, COST);
  recorder.flush([]);
  assert.equal(windows.length, 0, 'nothing emitted before window 1 is read');
  await recorder.drain();
  assert.deepEqual(
    windows.map((window) => [window.fromStep, window.loss, window.gradients.map((series) => series.norm)]),
    [
      [1, [0.5], [[5]]],
      [2, [null], [[10]]],
    ],
  );
});
