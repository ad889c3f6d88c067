/**
 * ActLens's file:// handler writes and reads tfjs-node's format: tfjs-node's own handler (from the old-tfjs-3
 * case of the compatibility corpus; it loads without the native binding) reads what ActLens saved, and the
 * other way round.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FileSystemModelIO } from '../../src/runner/file-system-io.ts';
import { REPO, tempDir } from '../integration/cli-harness.ts';

interface Handler {
  save(artifacts: object): Promise<unknown>;
  load(): Promise<Record<string, unknown>>;
}

const fromCorpus = createRequire(path.join(REPO, 'test', 'fixtures', 'compat', 'old-tfjs-3', 'package.json'));
const { NodeFileSystem } = fromCorpus('@tensorflow/tfjs-node/dist/io/file_system.js') as {
  NodeFileSystem: new (target: string) => Handler;
};

const artifacts = {
  modelTopology: { class_name: 'Sequential', config: { name: 'tiny', layers: [] } },
  weightSpecs: [
    { name: 'dense/kernel', shape: [2, 1], dtype: 'float32' },
    { name: 'dense/bias', shape: [1], dtype: 'float32' },
  ],
  weightData: Float32Array.of(0.5, -1.25, 2).buffer,
  format: 'layers-model',
  generatedBy: 'TensorFlow.js tfjs-layers v3.21.0',
  trainingConfig: { loss: 'meanSquaredError', optimizer_config: { class_name: 'SGD', config: {} } },
};

function assertSameModel(loaded: Record<string, unknown>): void {
  assert.deepEqual(loaded.modelTopology, artifacts.modelTopology);
  assert.deepEqual(loaded.weightSpecs, artifacts.weightSpecs);
  assert.deepEqual([...new Float32Array(loaded.weightData as ArrayBuffer)], [0.5, -1.25, 2]);
  assert.equal(loaded.format, artifacts.format);
  assert.equal(loaded.generatedBy, artifacts.generatedBy);
  assert.deepEqual(loaded.trainingConfig, artifacts.trainingConfig);
}

test("tfjs-node loads what ActLens's file:// handler saved", async () => {
  const folder = path.join(tempDir(), 'model');
  await new FileSystemModelIO(folder).save(artifacts);
  assertSameModel(await new NodeFileSystem(path.join(folder, 'model.json')).load());
});

test("ActLens's file:// handler loads what tfjs-node saved", async () => {
  const folder = path.join(tempDir(), 'model');
  await new NodeFileSystem(folder).save(artifacts);
  assertSameModel(await new FileSystemModelIO(path.join(folder, 'model.json')).load());
});

test('weights that tfjs 4 hands over in parts are saved as one weights.bin', async () => {
  const folder = path.join(tempDir(), 'model');
  const [first, second] = [Float32Array.of(0.5, -1.25).buffer, Float32Array.of(2).buffer];
  await new FileSystemModelIO(folder).save({ ...artifacts, weightData: [first, second] });
  assertSameModel(await new NodeFileSystem(path.join(folder, 'model.json')).load());
});

test('a folder to load from or a file to save to is refused with what to give instead', async () => {
  const folder = tempDir();
  await assert.rejects(new FileSystemModelIO(folder).load(), /give the path of its model\.json, not a folder/);
  const file = path.join(folder, 'occupied');
  writeFileSync(file, '');
  await assert.rejects(new FileSystemModelIO(file).save(artifacts), /it is a file; give a folder/);
});
