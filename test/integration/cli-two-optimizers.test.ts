/**
 * Two models trained in turn (a GAN: two optimizers, each minimising over its own variables) or at once (two
 * fit() calls under Promise.all): each model's weights get gradients only at its own steps.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { readRunLog } from '../../src/session/run-log.ts';
import { layerFactoryLines, runCli, SCRIPTS, type CliResult } from './cli-harness.ts';

const script = (name: string) => path.join(SCRIPTS, name);

/** `name:line` of each reported layer whose gradients and outputs were both measured in some window. */
function tracedLayers(result: CliResult): string[] {
  const report = result.report!;
  const windows = readRunLog(report.runDir).events.flatMap((event) => (event.type === 'window' ? [event] : []));
  const withGradients = new Set(
    windows.flatMap((window) => window.gradients.filter((series) => series.norm.some((norm) => norm !== null))),
  );
  const gradientLayers = new Set([...withGradients].map((series) => series.layer));
  const activationLayers = new Set(windows.flatMap((window) => window.activations.map((stats) => stats.layer)));
  return report.layers
    .filter((layer) => gradientLayers.has(layer.name) && activationLayers.has(layer.name))
    .map((layer) => `${layer.name}:${layer.source?.line}`);
}

test('a healthy GAN, two optimizers in turn: no non-finite error, exit 0, both models traced at their lines', async () => {
  const file = script('gan-alternating.js');
  const result = await runCli(['run', file]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(result.report!.findings, []);
  // Three windows: enough for every check but drift, which needs its baseline and one window after it.
  assert.deepEqual(result.report!.outcome.evidenceGaps, ['drift (needs ≥ 4 windows of activation statistics)']);
  assert.deepEqual(
    tracedLayers(result),
    layerFactoryLines(file).map((line, index) => `dense_Dense${index + 1}:${line}`),
  );
});

test('a NaN in the generator’s gradients (its loss still finite) is reported at its step and layer when that step is watched', async () => {
  // A budget that lets ActLens watch every step.
  const result = await runCli([
    'run',
    script('gan-alternating.js'),
    '--overhead-budget',
    '1000%',
    '--',
    '--nan-gradient-at-round',
    '10',
  ]);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const [finding, ...rest] = result.report!.findings;
  assert.deepEqual(rest, []);
  assert.equal(finding?.kind, 'non-finite');
  // Round 10's generator step: the 11th round's second optimizer step.
  assert.equal(finding?.step, 22);
  assert.equal(finding?.layer, 'dense_Dense1');
  assert.match(
    finding?.message ?? '',
    /Training diverged at step 22: the gradient of dense #1 \(line \d+\) \(kernel\) became NaN/,
  );
});

test('at the default budget, a NaN gradient at a step the plan does not watch is reported at the first watched step that shows it', async () => {
  const result = await runCli(['run', script('gan-alternating.js'), '--', '--nan-gradient-at-round', '10']);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const [finding, ...rest] = result.report!.findings;
  assert.deepEqual(rest, []);
  assert.equal(finding?.kind, 'non-finite');
  // Step 22 when watched. Otherwise the generator's weights are NaN from then on, and its outputs show it at the next
  // step whose outputs are watched (at least one a window); the discriminator's ReLU turns NaN inputs into 0, so its
  // loss stays finite.
  assert.ok(finding!.step! >= 22 && finding!.step! <= 40, `reported at step ${finding?.step}`);
  assert.match(finding?.layer ?? '', /^dense_Dense[12]$/, "one of the generator's layers");
  assert.match(finding?.message ?? '', new RegExp(`Training diverged at step ${finding?.step}`));
});

test('two models fitted at once under Promise.all: no non-finite error, exit 0, both models traced', async () => {
  const file = script('two-fits-at-once.js');
  const result = await runCli(['run', file]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(result.report!.findings, []);
  // One function builds both models: each model's two layers come from the same two lines.
  const [hidden, output] = layerFactoryLines(file);
  assert.deepEqual(tracedLayers(result), [
    `dense_Dense1:${hidden}`,
    `dense_Dense2:${output}`,
    `dense_Dense3:${hidden}`,
    `dense_Dense4:${output}`,
  ]);
});
