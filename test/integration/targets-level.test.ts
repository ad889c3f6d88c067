/**
 * A regression's trivial level end to end: the runner measures the MSE of predicting the targets' per-column mean
 * (once per model, asynchronously), and `actlens compare` puts the baseline's loss against it as its chance level.
 * The fixture's targets lie on exact grids, so the level is recomputed here from the same formulas.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import type { TargetsEvent } from '../../src/core/events.ts';
import { readRunLog } from '../../src/session/run-log.ts';
import { runCli, SCRIPTS, tempDir } from './cli-harness.ts';

const SCRIPT = path.join(SCRIPTS, 'regression-known-variance.js');

/** The fixture's targets: [3·x₁, x₂ + 5] over its grids; the mean over columns of each column's variance. */
function expectedLevel(rows = 512): number {
  const columns = [0, 1].map((column) =>
    Array.from({ length: rows }, (_, i) => (column === 0 ? 3 * (((i * 7) % 32) / 8 - 2) : ((i * 13) % 16) / 8 - 1 + 5)),
  );
  const variance = (values: number[]) => {
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  };
  return (variance(columns[0]!) + variance(columns[1]!)) / 2;
}

test('the runner reports the targets once per model, with the MSE of predicting their mean', async () => {
  const run = await runCli(['run', SCRIPT]);
  // 1: a few of its ReLU units may die (a finding), which is not what this test is about.
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const events = readRunLog(run.report!.runDir).events;
  const targets = events.filter((event): event is TargetsEvent => event.type === 'targets');
  assert.equal(targets.length, 1, 'two fit calls, one model: one event');
  const [event] = targets;
  const model = events.find((each) => each.type === 'model');
  assert.equal(event!.model, model?.type === 'model' ? model.name : undefined);
  assert.equal(event!.loss, 'meanSquaredError');
  assert.equal(event!.samples, 512);
  const expected = expectedLevel();
  assert.ok(Math.abs(expected - 6.16015625) < 1e-9, `the closed form: (9·1023/768 + 255/768) / 2, got ${expected}`);
  assert.ok(
    Math.abs(event!.meanPredictorMse! - expected) < 1e-4 * expected,
    `${event!.meanPredictorMse} ≈ ${expected}`,
  );
  // Before the run's end: the measurement is read back before the runner says it is done.
  assert.ok(events.indexOf(event!) < events.findIndex((each) => each.type === 'end'));
});

test('compare puts a regression’s loss against the targets’ variance', async () => {
  const json = path.join(tempDir(), 'compare.json');
  const options = ['--layer', 'all-relu', '--candidates', 'elu', '--seeds', '2', '--parallel', '2', '--json', json];
  const run = await runCli(['compare', SCRIPT, ...options], { withJson: false });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(readFileSync(json, 'utf8')) as CompareResult;
  const expected = expectedLevel();
  assert.ok(result.chanceLevel, 'a chance level for an MSE regression');
  assert.ok(
    Math.abs(result.chanceLevel.value - expected) < 1e-4 * expected,
    `${result.chanceLevel.value} ≈ ${expected}`,
  );
  assert.equal(result.chanceLevel.label, 'variance of the targets ≈ 6.16, the MSE of predicting their mean');
  // The baseline learnt: its final loss is well below predicting the mean.
  assert.ok(result.candidates[0]!.mean < 0.5 * expected, `relu's loss ${result.candidates[0]!.mean}`);
});
