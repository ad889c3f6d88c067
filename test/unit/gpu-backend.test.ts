/** The GPU path's pure parts: which adapter, Dawn's adapter listing, the synchronous-read scan, driver noise, labels. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { GpuAdapter } from '../../src/core/events.ts';
import { backendLabel, formatWarmup } from '../../src/core/format.ts';
import { RunState } from '../../src/core/run-state.ts';
import { chooseAdapter } from '../../src/runner/gpu/adapter-choice.ts';
import { parseAdapterListing } from '../../src/runner/gpu/dawn.ts';
import { findSynchronousRead } from '../../src/runner/gpu/sync-reads.ts';
import { withoutDriverNoise } from '../../src/session/driver-noise.ts';

const software: GpuAdapter = {
  name: 'llvmpipe (LLVM 15.0.6, 256 bits)',
  vendor: 'mesa',
  architecture: 'software',
  description: 'llvmpipe: Mesa 25.0.7',
  software: true,
};
const h200: GpuAdapter = {
  name: 'NVIDIA H200',
  vendor: 'nvidia',
  architecture: 'hopper',
  description: '',
  software: false,
};
const radeon: GpuAdapter = {
  name: 'AMD Radeon RX 7900',
  vendor: 'amd',
  architecture: 'rdna-3',
  description: '',
  software: false,
};

test('auto takes the first hardware adapter, never a software one', () => {
  assert.deepEqual(chooseAdapter([software, h200, radeon], null, false), { adapter: h200, note: null });
  const none = chooseAdapter([software], null, false);
  assert.ok('problem' in none);
  assert.match(none.problem, /no hardware GPU adapter was found \(adapters: llvmpipe .*\(software\)\)/);
});

test('an explicit --backend webgpu accepts a software adapter, with a note saying what it is', () => {
  const choice = chooseAdapter([software], null, true);
  assert.ok('adapter' in choice);
  assert.equal(choice.adapter, software);
  assert.match(choice.note ?? '', /a software GPU: results are correct, but it runs on the CPU/);
  assert.deepEqual(chooseAdapter([software, h200], null, true), { adapter: h200, note: null });
});

test('--gpu picks by name, case-insensitively; no match lists what there is; auto refuses a software match', () => {
  assert.deepEqual(chooseAdapter([h200, radeon], 'radeon', false), { adapter: radeon, note: null });
  const missing = chooseAdapter([h200, software], 'A100', true);
  assert.ok('problem' in missing);
  assert.match(missing.problem, /no GPU adapter's name contains "A100" .*found: NVIDIA H200; llvmpipe .*\(software\)/);
  const refused = chooseAdapter([h200, software], 'llvmpipe', false);
  assert.ok('problem' in refused);
  assert.match(refused.problem, /software GPU, which --backend auto never picks; use --backend webgpu/);
});

test("Dawn's adapter listing is read line by line", () => {
  const listing =
    "no suitable backends found\nAvailable adapters:\n * backend: 'vulkan', name: 'NVIDIA H200'\n * backend: 'vulkan', name: 'llvmpipe (LLVM 15.0.6, 256 bits)'";
  assert.deepEqual(parseAdapterListing(listing), [
    { backend: 'vulkan', name: 'NVIDIA H200' },
    { backend: 'vulkan', name: 'llvmpipe (LLVM 15.0.6, 256 bits)' },
  ]);
  assert.deepEqual(parseAdapterListing(''), []);
});

test('a synchronous read is found in the script or in a local file it imports, at its line', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'actlens-sync-'));
  mkdirSync(path.join(folder, 'lib'));
  writeFileSync(path.join(folder, 'train.js'), "const { report } = require('./lib/report');\nmain();\n");
  writeFileSync(
    path.join(folder, 'lib', 'report.ts'),
    "import './unused.js';\nexport const report = (t) =>\n  t.arraySync();\n",
  );
  assert.deepEqual(findSynchronousRead(path.join(folder, 'train.js')), {
    file: path.join(folder, 'lib', 'report.ts'),
    line: 3,
    call: 'arraySync()',
  });
  writeFileSync(path.join(folder, 'clean.mjs'), "import tf from '@tensorflow/tfjs';\nconst v = await x.data();\n");
  assert.equal(findSynchronousRead(path.join(folder, 'clean.mjs')), null);
});

test("drivers' adapter-probing lines leave stderr; the script's own lines and partial lines stay", () => {
  const dawn =
    'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.\n - While initializing adapter (backend=BackendType::Vulkan)\n' +
    '    at InitializeImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/PhysicalDeviceVk.cpp:257)\n\n' +
    'error: XDG_RUNTIME_DIR is invalid or not set in the environment.\n';
  assert.equal(withoutDriverNoise(dawn), '');
  assert.equal(withoutDriverNoise(`${dawn}epoch 1 loss 0.3\n\nWarning: my own`), 'epoch 1 loss 0.3\n\nWarning: my own');
  assert.equal(withoutDriverNoise('Warning: learning rate is high\n'), 'Warning: learning rate is high\n');
});

test('labels name the adapter; the warm-up is said apart', () => {
  const start = { backend: 'webgpu' as const, adapter: h200 };
  assert.equal(backendLabel(start), 'webgpu on NVIDIA H200 (nvidia, hopper)');
  assert.equal(
    backendLabel({ backend: 'webgpu', adapter: software }),
    `webgpu on ${software.name} (mesa, software GPU)`,
  );
  assert.equal(backendLabel({ backend: 'wasm' }), 'wasm');
  assert.equal(formatWarmup({ type: 'warmup', steps: 2, ms: 15_400 }), 'warm-up 15 s (2 steps compiling GPU kernels)');
  assert.equal(formatWarmup({ type: 'warmup', steps: 2, ms: 2_340 }), 'warm-up 2.3 s (2 steps compiling GPU kernels)');
});

test('training speed is measured from the end of the warm-up', () => {
  const state = new RunState();
  state.apply({ type: 'progress', steps: 1, elapsedMs: 9_000 });
  state.apply({ type: 'warmup', steps: 2, ms: 15_000 });
  state.apply({ type: 'progress', steps: 2, elapsedMs: 16_000 });
  state.apply({ type: 'progress', steps: 102, elapsedMs: 17_000 });
  assert.equal(state.stepsPerSecond, 100);
  assert.equal(state.warmup?.ms, 15_000);
});
