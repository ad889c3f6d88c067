/**
 * A read-back's parts, some reduced on the host and some still on the backend, come out as one array in the order
 * the parts were listed, whatever order the backend's values were read in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { KeptArray } from '../../src/runner/instrument/kept-array.ts';
import { assembled, isHostPart, partSize, type ReadPart } from '../../src/runner/instrument/read-part.ts';
import type { Tensor } from '../../src/runner/instrument/tfjs-types.ts';

test('host parts and backend parts are laid out in the order listed', async () => {
  await tf.setBackend('cpu');
  const parts: ReadPart[] = [
    [1, 2],
    tf.tensor1d([3, 4, 5]) as unknown as Tensor,
    [6],
    tf.tensor1d([7]) as unknown as Tensor,
  ];
  assert.deepEqual(parts.map(partSize), [2, 3, 1, 1]);
  assert.deepEqual(parts.map(isHostPart), [true, false, true, false]);
  const onBackend = parts.filter((part): part is Tensor => !isHostPart(part));
  // What one concatenated read of the backend's parts returns.
  const read = tf.concat(onBackend as unknown as tf.Tensor[]).dataSync();
  assert.deepEqual([...assembled(parts, read)], [1, 2, 3, 4, 5, 6, 7]);
  onBackend.forEach((tensor) => tensor.dispose());
});

test('a read-back of host parts alone needs nothing from the backend', () => {
  assert.deepEqual([...assembled([[0.5], [NaN, Infinity]], [])], [0.5, NaN, Infinity]);
});

test('a kept array lends the same memory from read-back to read-back, and grows only when a read-back needs more', () => {
  const buffer = new KeptArray();
  const first = assembled([[1, 2, 3]], [], (size) => buffer.lend(size));
  assert.deepEqual([...first], [1, 2, 3]);
  const second = assembled([[4], [5]], [], (size) => buffer.lend(size));
  assert.deepEqual([...second], [4, 5]);
  assert.equal(second.buffer, first.buffer, 'the same memory');
  assert.deepEqual([...first], [4, 5, 3], 'the earlier read-back is overwritten: valid until the next one only');
  const ten = Array.from({ length: 10 }, (_, i) => i);
  const larger = assembled([ten], [], (size) => buffer.lend(size));
  assert.deepEqual([...larger], ten);
  assert.notEqual(larger.buffer, first.buffer, 'grown');
});
