/** The overhead budget's parts: the meter, the sampling plan and the alarms that make it watch every step again. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WindowEvent } from '../../src/core/events.ts';
import { formatPercentShare, overheadLine } from '../../src/core/format.ts';
import { RunState } from '../../src/core/run-state.ts';
import { OverheadMeter } from '../../src/runner/instrument/overhead-meter.ts';
import { READ_LATENCY_MS, SamplingPlan } from '../../src/runner/instrument/sampling-plan.ts';
import { TroubleWatch } from '../../src/runner/instrument/window-alarm.ts';

test("the meter counts nested work once and closes windows from the first step's start", () => {
  let now = 100;
  const meter = new OverheadMeter(() => now);
  meter.measure(() => (now += 50)); // before training: the script's start-up, not overhead
  meter.startTraining();
  now += 10;
  meter.measure(() => {
    now += 2;
    meter.measure(() => (now += 3));
  });
  now += 5;
  assert.deepEqual(meter.takeWindow(), { ownMs: 5, wallMs: 20, readMs: 0 });
  now += 8;
  meter.measure(() => (now += 2));
  meter.measureRead(() => (now += 4));
  assert.deepEqual(meter.takeWindow(), { ownMs: 6, wallMs: 14, readMs: 4 });
});

/** A window of 100 ms of training whose watching cost `stepMs` per watched step and `readMs` per read-back. */
const cost = (stepMs: number, readMs = 0) => ({ ownMs: stepMs + readMs, wallMs: 100 + stepMs + readMs, readMs });

function watchedIn(plan: SamplingPlan, from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((step) => plan.watches(step));
}

test('the plan watches the first window in full, then as few steps as its cost says, down to one in four windows', () => {
  const plan = new SamplingPlan(20, 0.01);
  assert.equal(watchedIn(plan, 1, 20).length, 20);
  assert.ok(plan.closeWindow(cost(0.6), 20), 'the first window is read back at once');
  assert.equal(plan.state.cadence, 2, '0.6 % for watching steps: twice its half of the 60 % of the budget aimed at');
  assert.equal(watchedIn(plan, 21, 40).length, 10, 'one step in each pair');
  plan.closeWindow(cost(10), 40);
  assert.equal(plan.state.cadence, 80, 'far over: as far as it goes at once');
  for (let block = 1; block <= 10; block++) {
    const from = 1 + 80 * block;
    const kept = Array.from({ length: 80 }, (_, i) => from + i).filter((step) => plan.watchesGradients(step));
    assert.equal(kept.length, 1, `the gradients of one step in the four windows from ${from}`);
  }
  for (let window = 0; window < 10; window++) {
    const from = 81 + 20 * window;
    assert.equal(watchedIn(plan, from, from + 19).length, 1, `layer outputs once in the window from ${from}`);
  }
});

test('every window holds as many watched steps, whatever the cadence between one step and one window', () => {
  for (const [share, cadence] of [
    [1.1, 4],
    [1.4, 5],
    [2.5, 10],
    [5, 20],
  ] as const) {
    const plan = new SamplingPlan(20, 0.01);
    plan.closeWindow(cost(share), 20);
    assert.equal(plan.state.cadence, cadence, `${share} % for watching steps`);
    for (let from = 21; from < 1000; from += 20)
      assert.equal(
        watchedIn(plan, from, from + 19).length,
        20 / cadence,
        `cadence ${cadence}, the window from ${from}`,
      );
  }
});

test("watched steps do not fall into step with a script's own alternation (a GAN's two optimizers)", () => {
  const plan = new SamplingPlan(20, 0.01);
  plan.closeWindow(cost(0.9), 20);
  assert.equal(plan.state.cadence, 4);
  const watched = watchedIn(plan, 21, 420);
  assert.equal(watched.length, 100);
  const odd = watched.filter((step) => step % 2 === 1).length;
  assert.ok(odd > 30 && odd < 70, `${odd} of 100 watched steps are odd`);
  const atSixth = watched.filter((step) => step % 6 === 0).length;
  assert.ok(atSixth > 5, `${atSixth} watched steps fall on every sixth step (a generator after five critic steps)`);
});

test('read-backs are spread over more windows while they cost too much, but come at least every READ_LATENCY_MS', () => {
  const plan = new SamplingPlan(20, 0.01);
  plan.closeWindow(cost(0, 0.5), 20); // 0.5 % for reading back one window of 100 ms
  assert.equal(plan.state.readEvery, 2);
  assert.equal(plan.closeWindow(cost(0), 40), false, 'the first of two windows waits');
  assert.equal(plan.closeWindow(cost(0, 5), 60), true);
  assert.equal(plan.state.readEvery, 4, `8 windows of 100 ms would hold findings back beyond ${READ_LATENCY_MS} ms`);
  for (const step of [80, 100, 120]) assert.equal(plan.closeWindow(cost(0), step), false);
  assert.equal(plan.closeWindow(cost(0, 5), 140), true);
  assert.equal(plan.state.readEvery, 4);
  assert.equal(plan.state.overBudget, null, 'a costly cycle or two may be a hiccup');
  for (const end of [220, 300]) {
    for (const step of [end - 60, end - 40, end - 20]) plan.closeWindow(cost(0), step);
    plan.closeWindow(cost(0, 5), end);
  }
  assert.match(plan.state.overBudget ?? '', /reading back every 4 windows/, '1.25 % for read-backs alone, 3 times');
});

test('the plan says why when even its widest cadence and read-backs cost more than the budget', () => {
  const plan = new SamplingPlan(20, 0.01);
  for (let step = 20; step <= 400 && !plan.state.overBudget; step += 20) plan.closeWindow(cost(3, 0), step);
  assert.equal(plan.state.cadence, 80);
  assert.match(
    plan.state.overBudget ?? '',
    /a training step takes 5\.00 ms and watching it costs 0\.150 ms per step even when keeping the gradients of one step in 80, watching layer outputs once a window/,
  );
  // Windows of 100 ms here: twice as many steps make them the 200 ms the note aims at.
  assert.match(
    plan.state.overBudget ?? '',
    /\(--every 20, setting actlens\.every\); .*--every 40 makes them about 200 ms$/,
  );
});

test('well under budget the plan watches more closely again; an alarm makes it watch every step for two windows', () => {
  const plan = new SamplingPlan(20, 0.01);
  plan.closeWindow(cost(10), 20);
  assert.equal(plan.state.cadence, 40, '33 times its share: the next cadence beyond, two windows');
  plan.closeWindow(cost(0.05), 40);
  assert.equal(plan.state.cadence, 20, 'one cadence at a time');
  plan.closeWindow(cost(0.05), 60);
  assert.equal(plan.state.cadence, 10);
  plan.alarm(65);
  assert.deepEqual([plan.state.cadence, plan.state.readEvery], [1, 1]);
  assert.equal(watchedIn(plan, 66, 105).length, 40);
  assert.ok(plan.closeWindow(cost(10, 10), 80));
  assert.equal(plan.state.cadence, 1, 'no relaxing inside the alarm windows');
});

function window(fromStep: number, overrides: Partial<WindowEvent> = {}): WindowEvent {
  return {
    type: 'window',
    fromStep,
    toStep: fromStep + 3,
    loss: [1, 1, 1, 1],
    gradients: [{ layer: 'dense_1', weight: 'kernel', size: 4, norm: [1, null, 1, null] }],
    activations: [],
    nonFinite: [],
    elapsedMs: 0,
    ...overrides,
  };
}

function stats(everActive: number[], samples: number) {
  return {
    layer: 'dense_1',
    units: 4,
    samples,
    sampledSteps: 4,
    everActive,
    mean: 0.1,
    variance: 0.1,
    saturated: null,
  };
}

/** Each window's alarm, checked in order by one watcher. */
function alarms(...windows: WindowEvent[]): (string | null)[] {
  const watch = new TroubleWatch();
  return windows.map((checked) => watch.check(checked));
}

test('alarms: a non-finite value, a rising median gradient norm, a rising loss, a growing dead share; not noise', () => {
  const norms = (norm: (number | null)[]) => ({ gradients: [{ layer: 'dense_1', weight: 'kernel', size: 4, norm }] });
  assert.deepEqual(alarms(window(1), window(5, norms([1, 9, 1, 1]))), [null, null], 'one large step is noise');
  assert.match(alarms(window(1), window(5, norms([5, 5, 6, 7])))[1] ?? '', /rising gradient norm \(dense_1\)/);
  assert.equal(alarms(window(1), window(5, { loss: [2, 2, 2, 1] }))[1], 'a rising loss');
  assert.equal(alarms(window(1), window(5, { loss: [1, 1, 9, 1] }))[1], null, 'one high loss is noise');
  const nonFinite = window(5, { nonFinite: [{ step: 6, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 }] });
  assert.equal(alarms(window(1), nonFinite)[1], 'a non-finite value');
  const dying = alarms(
    window(1, { activations: [stats([1, 1, 1, 1], 256)] }),
    window(5, { activations: [stats([0, 1, 1, 1], 256)] }),
  );
  assert.match(dying[1] ?? '', /growing dead share \(dense_1\)/);
});

test('on a sparse plan, a norm rising on one step alarms only when the next window shows it too', () => {
  const sparse = (fromStep: number, norm: number) =>
    window(fromStep, { gradients: [{ layer: 'dense_1', weight: 'kernel', size: 4, norm: [null, norm, null, null] }] });
  assert.deepEqual(alarms(sparse(1, 1), sparse(5, 9), sparse(9, 1), sparse(13, 1)), [null, null, null, null]);
  const confirmed = alarms(sparse(1, 1), sparse(5, 9), sparse(9, 8), sparse(13, 8));
  assert.match(confirmed[2] ?? '', /rising gradient norm \(dense_1\)/, 'twice 4× the level it rose from');
  assert.equal(confirmed[3], null, 'the new level is the reference after an alarm');
});

test('a dead share measured on a few samples counts as growing only by a wide margin', () => {
  const sampled = (fromStep: number, everActive: number[], samples: number) =>
    window(fromStep, { activations: [stats(everActive, samples)] });
  const alive = sampled(1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 640);
  const silentByChance = sampled(5, [1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 32);
  assert.deepEqual(alarms(alive, silentByChance, silentByChance), [null, null, null], '10 points on 32 samples');
  const dying = sampled(5, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], 32);
  assert.match(alarms(alive, dying)[1] ?? '', /growing dead share \(dense_1\)/, '30 points on 32 samples');
});

test("every output states ActLens's overhead against its budget", () => {
  const state = new RunState();
  assert.equal(overheadLine(state), null, 'nothing before a window has said');
  state.apply(window(1, { overhead: { ownMs: 1.4, wallMs: 201.4 } }));
  state.apply(window(5, { overhead: { ownMs: 0.6, wallMs: 100.6 } }));
  assert.equal(state.overheadShare, 2 / 300);
  assert.equal(overheadLine(state), 'ActLens overhead: 0.67 % of training time');
  assert.equal(formatPercentShare(0.123), '12 %');
});
