/** The wasm filter-gradient kernel computes what tfjs's reference (cpu) kernel computes, for every padding and stride. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { wasmConvFilterGradient, type KernelApi } from '../../src/runner/wasm-conv-filter-gradient.ts';

const CASES = [
  { height: 12, width: 12, kernel: 3, stride: 1, pad: 'valid' },
  { height: 12, width: 12, kernel: 3, stride: 1, pad: 'same' },
  { height: 11, width: 9, kernel: 3, stride: 2, pad: 'same' },
  { height: 11, width: 9, kernel: 3, stride: 2, pad: 'valid' },
  { height: 16, width: 16, kernel: 5, stride: 2, pad: 'same' },
  { height: 7, width: 7, kernel: 1, stride: 1, pad: 'valid' },
  { height: 10, width: 13, kernel: 4, stride: 3, pad: 'same' },
] as const;

test('Conv2DBackpropFilter on wasm matches the cpu kernel', async () => {
  await tf.setBackend('wasm');
  const kernelFunc = wasmConvFilterGradient(tf as unknown as KernelApi);
  assert.ok(kernelFunc, 'the kernels it builds on exist on wasm');
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: kernelFunc as never });
  try {
    for (const { height, width, kernel, stride, pad } of CASES) {
      const filterShape: [number, number, number, number] = [kernel, kernel, 2, 4];
      const x = tf.randomNormal([3, height, width, 2]) as tf.Tensor4D;
      const filter = tf.randomNormal(filterShape) as tf.Tensor4D;
      const dy = tf.randomNormal(tf.conv2d(x, filter, stride, pad).shape) as tf.Tensor4D;
      // The gradient of Σ conv2d(x, f) · dy with respect to f is exactly Conv2DBackpropFilter(x, dy).
      const filterGradient = (input: tf.Tensor4D, upstream: tf.Tensor4D, at: tf.Tensor4D) =>
        tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(input, f as tf.Tensor4D, stride, pad), upstream)))(at);
      const onWasm = filterGradient(x, dy, filter).arraySync() as number[][][][];
      const [xValues, dyValues, filterValues] = [x.arraySync(), dy.arraySync(), filter.arraySync()];
      await tf.setBackend('cpu');
      const reference = filterGradient(tf.tensor4d(xValues), tf.tensor4d(dyValues), tf.tensor4d(filterValues));
      const difference = tf.max(tf.abs(tf.sub(reference, tf.tensor4d(onWasm)))).dataSync()[0]!;
      await tf.setBackend('wasm');
      assert.ok(
        difference < 1e-4,
        `${height}×${width}, kernel ${kernel}, stride ${stride}, ${pad}: max difference ${difference}`,
      );
    }
  } finally {
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  }
});
