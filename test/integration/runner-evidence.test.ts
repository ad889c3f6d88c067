/**
 * The evidence the runner gathers for naming causes (issue #12): the name a layer is assigned to, its bias
 * initializer, where each optimizer was built, the first layer's input statistics, non-finite outputs at the exact
 * step even between sampled steps, and activation statistics that stop before the divergence.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { LayerEvent, OptimizerEvent, RunnerEvent, WindowEvent } from '../../src/core/events.ts';
import { readRunLog } from '../../src/session/run-log.ts';
import { runCli, SCRIPTS } from './cli-harness.ts';

const NAMES_AND_ORIGINS = path.join(SCRIPTS, 'names-and-origins.js');
const BLOWS_UP = path.join(SCRIPTS, 'blows-up-at-step.js');

/** One run of names-and-origins.js serves the tests that read it. */
let namesAndOrigins: Promise<RunnerEvent[]> | undefined;
const namesAndOriginsEvents = () => (namesAndOrigins ??= runEvents([NAMES_AND_ORIGINS]));

async function runEvents(args: string[]): Promise<RunnerEvent[]> {
  const result = await runCli(['run', ...args]);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  return readRunLog(result.report!.runDir).events;
}

/** 1-based line of the first line of `file` holding `text`, and the column of `at` on it. */
function positionOf(file: string, text: string, at = text): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((content) => content.includes(text));
  assert.notEqual(line, -1, `${text} is in ${file}`);
  return { line: line + 1, column: lines[line]!.indexOf(at) + 1 };
}

/** Mean and variance of the fixtures' input grid, (i % 16) / 32 + 0.25 for i = 0..count-1. */
function gridMoments(count: number): { mean: number; variance: number } {
  const values = Array.from({ length: count }, (_, i) => (i % 16) / 32 + 0.25);
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  return { mean, variance: values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / count };
}

const ofType =
  <T extends RunnerEvent['type']>(type: T) =>
  (events: RunnerEvent[]) =>
    events.filter((event): event is Extract<RunnerEvent, { type: T }> => event.type === type);
const layersOf = ofType('layer');
const windowsOf = ofType('window');
const optimizersOf = ofType('optimizer');

function layerAt(events: RunnerEvent[], file: string, text: string): LayerEvent {
  const { line } = positionOf(file, text);
  const layer = layersOf(events).find((event) => event.source?.line === line);
  assert.ok(layer, `a layer created at line ${line}`);
  return layer;
}

test('a layer assigned at its line carries the name; one added in place does not', async () => {
  const events = await namesAndOriginsEvents();
  assert.equal(layerAt(events, NAMES_AND_ORIGINS, 'const hidden =').assignedTo, 'hidden');
  const added = layerAt(events, NAMES_AND_ORIGINS, 'model.add(tf.layers.dense({ units: 1 }))');
  assert.equal('assignedTo' in added, false);
  const inArray = layerAt(events, NAMES_AND_ORIGINS, 'const second =');
  assert.equal('assignedTo' in inArray, false, 'a layer in an array is not the model assigned on its line');
});

test('the bias initializer is named, with the value of a constant one', async () => {
  const events = await namesAndOriginsEvents();
  const hidden = layerAt(events, NAMES_AND_ORIGINS, 'const hidden =');
  assert.equal(hidden.config.biasInitializer, 'Constant');
  assert.equal(hidden.config.biasConstant, -4);
  const output = layerAt(events, NAMES_AND_ORIGINS, 'model.add(tf.layers.dense({ units: 1 }))');
  assert.equal(output.config.biasInitializer, 'Zeros');
  assert.equal(output.config.biasConstant, undefined);
});

test('each optimizer is reported once, at its factory call or the compile that named it, before its windows', async () => {
  const events = await namesAndOriginsEvents();
  const optimizers = optimizersOf(events);
  assert.equal(optimizers.length, 2, JSON.stringify(optimizers));
  const [factory, compiled] = optimizers as [OptimizerEvent, OptimizerEvent];
  const [hidden, output, secondLayer] = layersOf(events).map((layer) => layer.name);

  assert.deepEqual(factory, {
    type: 'optimizer',
    className: 'SGD',
    learningRate: 0.5,
    source: { file: NAMES_AND_ORIGINS, ...positionOf(NAMES_AND_ORIGINS, 'optimizer: tf.train.sgd(0.5)', 'tf.train') },
    builtBy: 'factory',
    layers: [hidden, output],
  });
  assert.deepEqual(compiled, {
    type: 'optimizer',
    className: 'SGD',
    learningRate: 0.01,
    source: { file: NAMES_AND_ORIGINS, ...positionOf(NAMES_AND_ORIGINS, "second.compile({ optimizer: 'sgd'") },
    builtBy: 'compile',
    layers: [secondLayer],
  });
  // The first model trains steps 1–4, the second 5–8: each optimizer comes before the window of its first step.
  const indexOfWindowWith = (step: number) =>
    events.findIndex((event) => event.type === 'window' && event.fromStep <= step && step <= event.toStep);
  assert.ok(events.indexOf(factory) < indexOfWindowWith(1));
  assert.ok(events.indexOf(compiled) < indexOfWindowWith(5));
  assert.ok(events.indexOf(compiled) > indexOfWindowWith(4), 'reported at its first step, not before');
});

test('the layer fed by the model input reports that input’s mean and variance; the next layer does not', async () => {
  const events = await namesAndOriginsEvents();
  const hidden = layerAt(events, NAMES_AND_ORIGINS, 'const hidden =').name;
  const output = layerAt(events, NAMES_AND_ORIGINS, 'model.add(tf.layers.dense({ units: 1 }))').name;
  const stats = windowsOf(events)[0]!.activations;
  const input = stats.find((entry) => entry.layer === hidden)?.input;
  const expected = gridMoments(256);
  assert.ok(input?.mean !== null && input?.mean !== undefined, JSON.stringify(stats));
  assert.ok(Math.abs(input.mean - expected.mean) < 1e-5, `${input.mean} vs ${expected.mean}`);
  assert.ok(Math.abs(input.variance! - expected.variance) < 1e-5, `${input.variance} vs ${expected.variance}`);
  const outputStats = stats.find((entry) => entry.layer === output);
  assert.ok(outputStats, 'the output layer has statistics');
  assert.equal(outputStats.input, undefined);
});

/** The hidden layer's name and the windows of a run of blows-up-at-step.js that diverges at `step`. */
async function blowUpAt(step: number): Promise<{ hidden: string; windows: WindowEvent[] }> {
  const events = await runEvents([BLOWS_UP, '--every', '20', '--', String(step)]);
  return { hidden: layerAt(events, BLOWS_UP, 'const hidden =').name, windows: windowsOf(events) };
}

test('outputs that go infinite between sampled steps are named at their exact step', async () => {
  // Batches of 32 sample steps 1–8 of each window of 20: step 13 is not sampled.
  const { hidden, windows } = await blowUpAt(13);
  const first = windows[0]!;
  assert.deepEqual([first.fromStep, first.toStep], [1, 20]);
  const records = first.nonFinite.filter((record) => record.where === 'activation' && record.layer === hidden);
  assert.deepEqual(
    records.map((record) => record.step),
    [13],
  );
  const stats = first.activations.find((entry) => entry.layer === hidden);
  assert.equal(stats?.sampledSteps, 8, 'every sampled step came before step 13');
  assert.equal(stats.samples, 8 * 32);
  assert.ok(Number.isFinite(stats.mean), JSON.stringify(stats));
});

test('a window that diverges at a sampled step keeps the statistics of the steps before it', async () => {
  const { hidden, windows } = await blowUpAt(6);
  const [first, second] = windows as [WindowEvent, WindowEvent];
  assert.ok(
    first.nonFinite.some((record) => record.where === 'activation' && record.layer === hidden && record.step === 6),
    JSON.stringify(first.nonFinite),
  );
  const stats = first.activations.find((entry) => entry.layer === hidden);
  assert.equal(stats?.sampledSteps, 5, JSON.stringify(stats));
  assert.equal(stats.samples, 5 * 32);
  assert.ok(Number.isFinite(stats.mean) && Number.isFinite(stats.variance), JSON.stringify(stats));
  assert.equal(stats.everActive?.length, 16);
  assert.ok(Number.isFinite(stats.input?.mean), 'the input statistics cover the same steps');
  // The next window is non-finite from its first step: no sampled step precedes it.
  const after = second.activations.find((entry) => entry.layer === hidden);
  assert.deepEqual(
    [after?.samples, after?.sampledSteps, after?.mean, after?.variance, after?.everActive],
    [0, 0, null, null, null],
  );
});
