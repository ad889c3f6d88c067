import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WindowEvent } from '../../src/core/events.ts';
import { DEFAULT_THRESHOLDS } from '../../src/core/default-thresholds.ts';
import type { InitMessage } from '../../src/core/webview-messages.ts';
import { gradientDepthProfile, seriesOf } from '../../webview/chart-data.ts';
import { applyHostMessage } from '../../webview/host-messages.ts';
import { findingsByLayer } from '../../webview/layer-findings.ts';
import { CHART_POINT_BUDGET, HEATMAP_CAPACITY, RunModel } from '../../webview/run-model.ts';
import { runSummary } from '../../webview/run-summary.ts';
import { deadUnitsFinding, recordedEvents } from './recorded-run.ts';
import { syntheticRun } from './synthetic-run.ts';

function recordedModel(): RunModel {
  const model = new RunModel('run-1', 'dying ReLU');
  model.applyAll(recordedEvents());
  return model;
}

const firstWindow = (): WindowEvent => recordedEvents().find((event): event is WindowEvent => event.type === 'window')!;

describe('run model from a recorded run', () => {
  test('keeps the latest snapshot the CLI shows', () => {
    const model = recordedModel();
    assert.equal(model.latest.steps, 192);
    assert.deepEqual(
      model.latest.orderedLayers().map((snapshot) => snapshot.layer.name),
      ['dense_Dense1', 'dense_Dense2', 'dense_Dense3'],
    );
  });

  test('has one loss and one gradient-norm row per step, and a layer norm combines its weights', () => {
    const model = recordedModel();
    const loss = seriesOf(model.loss, model);
    assert.equal(loss.x.length, 192);
    assert.deepEqual(loss.x.slice(0, 3), [1, 2, 3]);
    const gradients = seriesOf(model.gradientNorm, model);
    assert.deepEqual(
      gradients.series.map((series) => series.label),
      ['dense_Dense1', 'dense_Dense2', 'dense_Dense3'],
    );
    const [kernel, bias] = firstWindow().gradients.filter((series) => series.layer === 'dense_Dense1');
    assert.ok(kernel && bias);
    const expected = Math.hypot(kernel.norm[0]!, bias.norm[0]!);
    assert.ok(Math.abs(gradients.series[0]!.values[0]! - expected) < 1e-12);
  });

  test('dead fraction only for ReLU-family layers, one point per window that read activations back', () => {
    const model = recordedModel();
    const dead = seriesOf(model.deadFraction, model);
    assert.deepEqual(
      dead.series.map((series) => series.label),
      ['dense_Dense1', 'dense_Dense2'],
    );
    const windows = recordedEvents().filter(
      (event): event is WindowEvent => event.type === 'window' && event.activations.length > 0,
    );
    assert.deepEqual(
      dead.x,
      windows.map((window) => window.toStep),
    );
    const everActive = firstWindow().activations.find((stats) => stats.layer === 'dense_Dense2')!.everActive!;
    assert.equal(dead.series[1]!.values[0], everActive.filter((active) => active === 0).length / everActive.length);
  });

  test('activation std is the square root of the variance', () => {
    const model = recordedModel();
    const stats = firstWindow().activations[0]!;
    assert.equal(seriesOf(model.activationStd, model).series[0]!.values[0], Math.sqrt(stats.variance!));
    assert.equal(seriesOf(model.activationMean, model).series[0]!.values[0], stats.mean);
  });

  test('epoch metrics are numbered from 1', () => {
    const model = recordedModel();
    const epochs = seriesOf(model.epochMetrics, model);
    assert.deepEqual(epochs.x, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      epochs.series.map((series) => series.label),
      ['loss'],
    );
  });

  test('the depth profile has one latest norm per layer, input to output', () => {
    const model = recordedModel();
    const profile = gradientDepthProfile(model);
    assert.deepEqual(profile.x, [0, 1, 2]);
    assert.deepEqual(profile.layers, ['dense_Dense1', 'dense_Dense2', 'dense_Dense3']);
    assert.deepEqual(
      profile.series[0]!.values,
      model.latest.orderedLayers().map((snapshot) => snapshot.gradientNorm),
    );
  });

  test('unit timelines exist for ReLU layers, one column per window that read units back', () => {
    const model = recordedModel();
    assert.deepEqual([...model.unitTimelines.keys()], ['dense_Dense1', 'dense_Dense2']);
    const timeline = model.unitTimelines.get('dense_Dense2')!;
    assert.equal(timeline.units, 64);
    const first = timeline.columns[0]!;
    assert.deepEqual([first.fromStep, first.toStep], [1, 20]);
    assert.deepEqual([...first.alive], firstWindow().activations[1]!.everActive);
  });

  test('the state follows the events, and the host’s word until a later terminal event', () => {
    const events = recordedEvents();
    const model = new RunModel('run-1', 'dying ReLU');
    model.applyAll(events.slice(0, -1));
    assert.equal(model.state.status, 'running');
    model.state = { status: 'stopped', message: 'Stopped by request after 180 steps.' };
    assert.deepEqual(model.state, { status: 'stopped', message: 'Stopped by request after 180 steps.' });
    model.apply(events.at(-1)!);
    assert.deepEqual(model.state, { status: 'finished', message: 'Finished after 192 steps.' });
    model.apply({ type: 'error', phase: 'script', message: 'boom', stack: null, location: null, steps: 192 });
    assert.equal(model.state.status, 'failed');
    assert.match(model.state.message, /failed after 192 steps: boom/);
  });

  test('a missing gradient norm leaves a gap for that layer only; one the runner reported non-finite is Infinity', () => {
    const model = new RunModel('run-1', 'nan');
    const events = recordedEvents().filter((event) => event.type !== 'window');
    model.applyAll(events);
    const window = structuredClone(firstWindow());
    window.gradients.find((series) => series.layer === 'dense_Dense2')!.norm[3] = null;
    window.gradients.find((series) => series.layer === 'dense_Dense3')!.norm[3] = null;
    const step = window.fromStep + 3;
    window.nonFinite = [{ step, where: 'gradient', layer: 'dense_Dense3', weight: 'kernel', nan: 1, inf: 0 }];
    model.apply(window);
    const gradients = seriesOf(model.gradientNorm, model);
    assert.equal(gradients.series[1]!.values[3], null);
    assert.equal(gradients.series[2]!.values[3], Number.POSITIVE_INFINITY);
    assert.notEqual(gradients.series[0]!.values[3], null);
  });
});

describe('run model bounds', () => {
  const spike = { layer: 10, step: 12_345, norm: 1e6 };
  const events = syntheticRun({ layers: 64, steps: 20_000, spike });
  const model = new RunModel('big', 'big');
  model.applyAll(events);

  test('every chart stays within its point budget', () => {
    for (const table of [
      model.loss,
      model.gradientNorm,
      model.deadFraction,
      model.activationMean,
      model.activationStd,
      model.epochMetrics,
    ]) {
      const { x, series } = seriesOf(table, model);
      assert.ok(x.length * series.length <= CHART_POINT_BUDGET, `${series.length} series × ${x.length} points`);
      for (const { values } of series) assert.equal(values.length, x.length);
    }
    for (const timeline of model.unitTimelines.values()) assert.ok(timeline.columns.length <= HEATMAP_CAPACITY);
  });

  test('downsampling keeps the whole range of steps, in order, and a one-step spike', () => {
    const { x, series } = seriesOf(model.gradientNorm, model);
    assert.equal(x[0], 1);
    assert.equal(x.at(-1), 20_000);
    for (let index = 1; index < x.length; index += 1)
      assert.ok(x[index]! > x[index - 1]!, `x not ascending at ${index}`);
    const spiked = series[spike.layer]!.values;
    const kernelAndBias = Math.hypot(spike.norm, spike.norm);
    assert.ok(Math.abs(Math.max(...spiked.map((value) => value ?? 0)) - kernelAndBias) < 1e-6 * kernelAndBias);
  });

  test('merged heat-map columns average the windows they cover', () => {
    const columns = model.unitTimelines.get('dense_Dense60')!.columns;
    assert.equal(columns.at(-1)!.toStep, 20_000);
    const shares = columns.flatMap((column) => [...column.alive]);
    assert.ok(shares.every((share) => share >= 0 && share <= 1));
    assert.ok(
      shares.some((share) => share > 0 && share < 1),
      'some unit died within a merged column',
    );
  });
});

describe('host messages', () => {
  const events = recordedEvents();
  const init: InitMessage = {
    type: 'init',
    protocol: 1,
    run: { id: 'run-1', title: 't' },
    events: events.slice(0, 6),
    findings: [],
  };

  test('init starts a new model; events, findings and state update it', () => {
    const model = applyHostMessage(null, init)!;
    assert.equal(model.latest.steps, 20);
    assert.equal(applyHostMessage(model, { type: 'events', runId: 'run-1', events: events.slice(6) }), model);
    assert.equal(model.latest.steps, 192);
    applyHostMessage(model, { type: 'findings', runId: 'run-1', findings: [deadUnitsFinding(events)] });
    assert.equal(model.findings.length, 1);
    applyHostMessage(model, { type: 'state', runId: 'run-1', status: 'failed', message: 'The process was killed.' });
    assert.deepEqual(model.state, { status: 'failed', message: 'The process was killed.' });
    assert.notEqual(applyHostMessage(model, { ...init, run: { id: 'run-2', title: 't' } }), model);
  });

  test('messages about another run are ignored', () => {
    const model = applyHostMessage(null, init)!;
    const revision = model.revision;
    applyHostMessage(model, { type: 'events', runId: 'run-0', events: events.slice(6) });
    applyHostMessage(model, { type: 'state', runId: 'run-0', status: 'stopped', message: 'old' });
    assert.equal(model.revision, revision);
    assert.equal(applyHostMessage(null, { type: 'events', runId: 'run-1', events }), null);
  });
});

describe('findings and summary', () => {
  const events = recordedEvents();
  const finding = deadUnitsFinding(events);

  test('a layer’s findings are listed worst first; model-wide ones belong to no layer', () => {
    const info = { ...finding, severity: 'info' as const, kind: 'activation-drift' as const, step: 10 };
    const error = { ...finding, severity: 'error' as const, step: 150 };
    const modelWide = { ...finding, layer: null, kind: 'non-finite' as const };
    const byLayer = findingsByLayer([info, finding, modelWide, error]);
    assert.deepEqual([...byLayer.keys()], ['dense_Dense2']);
    assert.deepEqual(
      byLayer.get('dense_Dense2')!.map((item) => item.severity),
      ['error', 'warning', 'info'],
    );
  });

  test('the copied summary names the script, outcome, layers and findings', () => {
    const model = recordedModel();
    model.findings = [finding];
    const summary = runSummary(model);
    assert.match(summary, /dying-relu-high-lr\.js/);
    assert.match(summary, /Finished after 192 steps\./);
    assert.match(summary, /- dense_Dense2 Dense relu \(dying-relu-high-lr\.js:10\): dead \d+%/);
    assert.match(summary, /- \[warning\] dead-units dense_Dense2 \(dying-relu-high-lr\.js:10\): 28 of 64 units/);
  });
});

describe('thresholds', () => {
  test("the run's thresholds travel with init, so the SELU band follows the user's settings; defaults otherwise", () => {
    const init = (thresholds?: InitMessage['thresholds']): InitMessage => ({
      type: 'init',
      protocol: 1,
      run: { id: 'r', title: 't' },
      events: [],
      findings: [],
      ...(thresholds ? { thresholds } : {}),
    });
    const custom = { ...DEFAULT_THRESHOLDS, seluStdMin: 0.8, seluStdMax: 1.25 };
    assert.deepEqual(applyHostMessage(null, init(custom))?.thresholds, custom);
    assert.deepEqual(applyHostMessage(null, init())?.thresholds, DEFAULT_THRESHOLDS);
  });
});
