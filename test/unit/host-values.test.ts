/**
 * A host reader reads a wasm tensor through a view of the module's memory (no copy), holds the same values as dataSync,
 * and leaves alone what it cannot view: other dtypes, and tensors another backend holds (never moved to wasm). It looks
 * `tf.backend` up once, not at every read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { hostReader } from '../../src/runner/instrument/host-values.ts';
import type { Tf } from '../../src/runner/instrument/tfjs-types.ts';

const api = tf as unknown as Tf;
const hostValues = hostReader(api);

function wasmMemory(): ArrayBufferLike {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer;
}

test('on wasm, a float32 tensor is read through a view of the module memory, with dataSync’s values', async () => {
  await tf.setBackend('wasm');
  const x = tf.randomNormal([16, 8]);
  const tensors = [
    x,
    tf.relu(tf.matMul(x, tf.randomNormal([8, 32]))),
    tf.mean(tf.square(x)),
    tf.variable(tf.randomUniform([5, 3])),
  ];
  for (const tensor of tensors) {
    const values = hostValues(tensor);
    assert.ok(values instanceof Float32Array && values.buffer === wasmMemory(), `${tensor.shape}: a view, not a copy`);
    assert.deepEqual([...values], [...tensor.dataSync()], `${tensor.shape}: the tensor's values`);
  }
});

test('on wasm, other dtypes are read with dataSync', async () => {
  await tf.setBackend('wasm');
  const counts = tf.tensor1d([3, 1, 4, 1, 5], 'int32');
  const values = hostValues(counts);
  assert.notEqual(values instanceof Float32Array && values.buffer === wasmMemory(), true);
  assert.deepEqual(Array.from(values), [3, 1, 4, 1, 5]);
});

test('a tensor the cpu backend holds is read there and not moved to wasm', async () => {
  await tf.setBackend('cpu');
  const onCpu = tf.tensor1d([0.5, -2, 8]);
  await tf.setBackend('wasm');
  const wasm = tf.backend() as unknown as { dataIdMap: { has(dataId: object): boolean } };
  assert.deepEqual(Array.from(hostValues(onCpu)), [0.5, -2, 8]);
  // dataSync reads it from cpu; a view would first have moved it into wasm's memory.
  assert.equal(wasm.dataIdMap.has(onCpu.dataId), false);
});

test('on cpu, the values are dataSync’s', async () => {
  await tf.setBackend('cpu');
  const x = tf.randomNormal([4, 6]);
  assert.deepEqual(Array.from(hostValues(x)), [...x.dataSync()]);
});

test('tf.backend is looked up once per reader, not at every read', async () => {
  await tf.setBackend('wasm');
  let lookups = 0;
  const counted = new Proxy(api, {
    get(target, key, receiver) {
      if (key === 'backend') lookups++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const read = hostReader(counted);
  const x = tf.tensor1d([1, 2, 3]);
  for (let i = 0; i < 5; i++) assert.deepEqual(Array.from(read(x)), [1, 2, 3]);
  assert.equal(lookups, 1);
});
