/**
 * The webgpu backend for real, on the software GPU that `npm run setup:software-gpu` installs (Mesa's lavapipe,
 * in the user's cache; `.ci/run` installs it). Without it these tests fail, naming what is missing: a GPU path
 * that is never exercised is the state this file exists to end.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { listRuns, readRunLog } from '../../src/session/run-log.ts';
import { installedSoftwareGpuIcd, softwareGpuFolder } from '../../src/runner/gpu/software-gpu.ts';
import { EXAMPLES, runCli, SCRIPTS, type CliResult } from './cli-harness.ts';

before(() => {
  assert.ok(
    installedSoftwareGpuIcd(),
    `No software GPU in ${softwareGpuFolder()}: run \`npm run setup:software-gpu\` (it needs apt-get, dpkg-deb and the libvulkan1 package; .ci/run installs them).`,
  );
});

function findingsOf(result: CliResult): string[] {
  assert.ok(result.report, `a JSON report\n${result.stdout}\n${result.stderr}`);
  return result.report.findings
    .map((finding) => `${finding.severity} ${finding.kind} line ${finding.source?.line}`)
    .sort();
}

function layerSources(result: CliResult): string[] {
  return result.report!.layers.map((layer) => `${layer.name} ${layer.source?.line}:${layer.source?.column}`);
}

/** The examples whose findings the issue names (dead units, vanishing, SELU drift) and a healthy one, at equal steps. */
const EXAMPLES_COMPARED: Record<string, number> = {
  'dying-relu-high-lr.js': 60,
  'dying-relu-negative-bias.js': 60,
  'deep-sigmoid-vanishing.js': 60,
  'selu-broken.js': 100,
  'healthy-relu-mlp.js': 100,
};

for (const [example, steps] of Object.entries(EXAMPLES_COMPARED)) {
  test(`examples/${example}: the same findings at the same lines on webgpu as on wasm`, async () => {
    const script = path.join(EXAMPLES, example);
    const [gpu, wasm] = await Promise.all(
      ['webgpu', 'wasm'].map((backend) => runCli(['run', script, '--backend', backend, '--max-steps', String(steps)])),
    );
    assert.equal(gpu!.code, wasm!.code, `exit codes\n${gpu!.stdout}\n${gpu!.stderr}`);
    assert.equal(gpu!.report?.backend, 'webgpu');
    assert.equal(gpu!.report?.adapter?.software, true, 'the software GPU was the adapter');
    assert.deepEqual(findingsOf(gpu!), findingsOf(wasm!));
    assert.deepEqual(layerSources(gpu!), layerSources(wasm!));
    assert.equal(gpu!.report?.steps, steps);
  });
}

test('losses on webgpu stay within 1e-4 (relative) of cpu over the first 20 steps', async () => {
  const script = path.join(EXAMPLES, 'healthy-relu-mlp.js');
  const losses = await Promise.all(
    ['webgpu', 'cpu'].map(async (backend) => {
      const result = await runCli(['run', script, '--backend', backend, '--max-steps', '20', '--every', '20']);
      const [run] = listRuns(result.runsRoot);
      assert.ok(run, `a recorded run\n${result.stderr}`);
      return readRunLog(run.runDir).events.flatMap((event) => (event.type === 'window' ? event.loss : []));
    }),
  );
  const [gpu, cpu] = losses as [(number | null)[], (number | null)[]];
  assert.equal(gpu.length, 20);
  assert.equal(cpu.length, 20);
  gpu.forEach((loss, i) => {
    const reference = cpu[i]!;
    assert.ok(loss !== null && reference !== null, `step ${i + 1} has a loss on both`);
    assert.ok(
      Math.abs(loss - reference) <= 1e-4 * Math.abs(reference),
      `step ${i + 1}: ${loss} vs ${reference} on cpu`,
    );
  });
});

test('the run names the adapter, says it is a software GPU, and reports the warm-up apart from the speed', async () => {
  const result = await runCli([
    'run',
    path.join(EXAMPLES, 'healthy-relu-mlp.js'),
    '--backend',
    'webgpu',
    '--max-steps',
    '40',
  ]);
  const adapter = result.report?.adapter;
  assert.ok(adapter, `an adapter in the report\n${result.stderr}`);
  assert.match(adapter.name, /llvmpipe/);
  assert.equal(adapter.vendor, 'mesa');
  assert.ok(adapter.description.length > 0);
  assert.match(result.stderr, /on webgpu on llvmpipe .*\(mesa, software GPU\)/, 'the header names the adapter');
  assert.match(result.stderr, /a software GPU: results are correct, but it runs on the CPU/);
  assert.ok(result.report?.notes.some((note) => /software GPU/.test(note)));
  assert.equal(result.report?.warmup?.steps, 2);
  assert.ok(result.report!.warmup!.ms > 0);
  assert.match(
    result.stdout,
    /Speed: [\d.]+ steps\/s on webgpu on llvmpipe.*after warm-up [\d.]+ s \(2 steps compiling GPU kernels\)/,
  );
  assert.doesNotMatch(
    result.stderr,
    /XDG_RUNTIME_DIR|artificially reduced|While initializing adapter/,
    'no driver noise',
  );
});

test('a fit whose callbacks never yield still has its windows read back while it trains, not at its end', async () => {
  const result = await runCli(['run', path.join(SCRIPTS, 'fit-with-callback-object.js'), '--backend', 'webgpu']);
  assert.equal(result.code, 0, result.stderr);
  const events = readRunLog(result.report!.runDir).events;
  const firstWindow = events.findIndex((event) => event.type === 'window');
  const progressAfter = events.slice(firstWindow).filter((event) => event.type === 'progress');
  assert.ok(firstWindow >= 0, 'a window');
  assert.ok(
    progressAfter.length >= 1,
    `the first window comes before later progress records: ${events.map((event) => event.type).join(' ')}`,
  );
});

test('--backend auto never picks a software GPU, even when the Vulkan loader offers one', async () => {
  const result = await runCli(['run', path.join(EXAMPLES, 'healthy-relu-mlp.js'), '--max-steps', '5'], {
    env: { VK_ADD_DRIVER_FILES: installedSoftwareGpuIcd()! },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.notEqual(result.report?.backend, 'webgpu');
  assert.equal(result.report?.adapter ?? null, null);
  assert.ok(
    result.report?.notes.some((note) =>
      /Not training on the GPU: no hardware GPU adapter was found \(adapters: llvmpipe.*\(software\)\)/.test(note),
    ),
    result.report?.notes.join('\n'),
  );
});

test('--gpu selects an adapter by name; a name that matches none is a usage error listing the adapters', async () => {
  const chosen = await runCli([
    'run',
    path.join(EXAMPLES, 'healthy-relu-mlp.js'),
    '--backend',
    'webgpu',
    '--gpu',
    'llvmpipe',
    '--max-steps',
    '3',
  ]);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.match(chosen.report?.adapter?.name ?? '', /llvmpipe/);
  const missing = await runCli([
    'run',
    path.join(EXAMPLES, 'healthy-relu-mlp.js'),
    '--backend',
    'webgpu',
    '--gpu',
    'H200',
  ]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(
    missing.stderr,
    /--backend webgpu cannot be used: no GPU adapter's name contains "H200" .*found: llvmpipe/,
  );
});

test("a synchronous read on webgpu fails at the script's line, saying what to change", async () => {
  const script = path.join(SCRIPTS, 'reads-synchronously.js');
  const result = await runCli(['run', script, '--backend', 'webgpu']);
  assert.equal(result.code, 3, result.stderr);
  assert.equal(result.report?.outcome.location?.line, 9);
  assert.match(
    result.report?.outcome.message ?? '',
    /cannot read a tensor from the GPU in Node .*use `await tensor\.data\(\)`/,
  );
});

/** Runs `script` on webgpu to --max-steps: it must end there, with every step read back in a window. */
async function assertStopsAtMaxSteps(script: string, maxSteps: number): Promise<void> {
  const result = await runCli([
    'run',
    path.join(SCRIPTS, script),
    '--backend',
    'webgpu',
    '--max-steps',
    String(maxSteps),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.outcome.status, 'max-steps');
  assert.equal(result.report?.steps, maxSteps);
  const [run] = listRuns(result.runsRoot);
  const windows = readRunLog(run!.runDir).events.filter((event) => event.type === 'window');
  assert.equal(Math.max(...windows.map((window) => (window.type === 'window' ? window.toStep : 0))), maxSteps);
}

test('--max-steps ends an async custom loop on webgpu after exactly that many steps, every step analysed', () =>
  assertStopsAtMaxSteps('awaits-each-loss.js', 70));

test('--max-steps stops a synchronous loop that never yields on webgpu, and its last window is still read back', () =>
  assertStopsAtMaxSteps('trains-forever.js', 45));

test('a script written for tfjs-node trains on webgpu when tfjs-node cannot load, and the note says so', async () => {
  const result = await runCli(['run', path.join(SCRIPTS, 'imports-tfjs-node.js'), '--backend', 'webgpu']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.backend, 'webgpu');
  assert.ok(
    result.report?.notes.some((note) =>
      /imports @tensorflow\/tfjs-node, which could not be loaded here; it runs on @tensorflow\/tfjs with the webgpu backend/.test(
        note,
      ),
    ),
    result.report?.notes.join('\n'),
  );
  assert.match(result.stdout, /trained/);
});
