/** What a tfjs-node script finds in plain tfjs's namespace when tfjs-node could not load. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tfjs from '@tensorflow/tfjs';
import { fileSystem } from '../../src/runner/file-system-io.ts';
import { standInForTfjsNode, TFJS_NODE_STAND_IN_NOTE } from '../../src/runner/tfjs-node-stand-in.ts';
import { tempDir } from '../integration/cli-harness.ts';

function standIn() {
  const exposed: Record<string, unknown> = { ...tfjs };
  const note = standInForTfjsNode(exposed);
  return { note, tf: exposed as unknown as typeof tfjs & { node: Record<string, () => unknown> } };
}

test('a trained model saves to file:// and loads back, and tf.io.fileSystem is there', async () => {
  const { note, tf } = standIn();
  assert.equal(note, TFJS_NODE_STAND_IN_NOTE);
  assert.equal((tf.io as unknown as { fileSystem: unknown }).fileSystem, fileSystem);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'relu' })] });
  const folder = path.join(tempDir(), 'saved');
  await model.save(`file://${folder}`);
  assert.ok(existsSync(path.join(folder, 'model.json')) && existsSync(path.join(folder, 'weights.bin')));
  const loaded = await tf.loadLayersModel(`file://${path.join(folder, 'model.json')}`);
  const input = tf.ones([1, 3]);
  assert.deepEqual(
    (loaded.predict(input) as tfjs.Tensor).arraySync(),
    (model.predict(input) as tfjs.Tensor).arraySync(),
  );
});

test("tf.node's functions throw an error that names the native binding", () => {
  const { tf } = standIn();
  assert.throws(() => tf.node.decodeJpeg!(), /tf\.node\.decodeJpeg needs @tensorflow\/tfjs-node's native binding/);
  assert.throws(() => tf.node.tensorBoard!(), /tf\.node\.tensorBoard needs/);
});
