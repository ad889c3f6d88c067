/** The overhead budget's parts: the meter, the sampling plan and the alarms that make it watch every step again. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WindowEvent } from '../../src/core/events.ts';
import { formatPercentShare, overheadLine } from '../../src/core/format.ts';
import { RunState } from '../../src/core/run-state.ts';
import { OverheadMeter } from '../../src/runner/instrument/overhead-meter.ts';
import { MIN_WATCHED_STEPS, SamplingPlan } from '../../src/runner/instrument/sampling-plan.ts';
import { windowAlarm } from '../../src/runner/instrument/window-alarm.ts';

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
  assert.deepEqual(meter.takeWindow(), { ownMs: 5, wallMs: 20 });
  now += 8;
  meter.measure(() => (now += 2));
  assert.deepEqual(meter.takeWindow(), { ownMs: 2, wallMs: 10 });
});

test('the plan watches the first window in full, then widens its cadence while over budget', () => {
  const plan = new SamplingPlan(20, 0.01);
  for (let step = 1; step <= 20; step++) assert.ok(plan.watches(step), `step ${step}`);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 20); // 10 % over 100 ms of training
  assert.equal(plan.state.cadence, 2);
  const watched = Array.from({ length: 20 }, (_, i) => 21 + i).filter((step) => plan.watches(step));
  assert.deepEqual(watched, [21, 23, 25, 27, 29, 31, 33, 35, 37, 39]);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 40);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 60);
  assert.equal(plan.state.cadence, 20 / MIN_WATCHED_STEPS, 'never fewer than MIN_WATCHED_STEPS steps a window');
  assert.equal(plan.state.overBudget, null);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 80);
  assert.match(plan.state.overBudget ?? '', /a training step takes 5\.00 ms .* every 5th step \(--every 20\)/);
});

test('well under budget the plan watches more closely again; an alarm makes it watch every step for two windows', () => {
  const plan = new SamplingPlan(20, 0.01);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 20);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 40);
  assert.equal(plan.state.cadence, 4);
  plan.adapt({ ownMs: 0.1, wallMs: 100.1 }, 60);
  assert.equal(plan.state.cadence, 2);
  plan.alarm(65);
  assert.equal(plan.state.cadence, 1);
  for (let step = 66; step <= 105; step++) assert.ok(plan.watches(step), `step ${step}`);
  plan.adapt({ ownMs: 10, wallMs: 110 }, 80);
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

test('alarms: a non-finite value, a rising median gradient norm, a rising loss, a growing dead share; not noise', () => {
  const first = windowAlarm(window(1), null);
  assert.equal(first.alarm, null);
  const noisy = windowAlarm(
    window(5, { gradients: [{ layer: 'dense_1', weight: 'kernel', size: 4, norm: [1, 9, 1, 1] }] }),
    first.summary,
  );
  assert.equal(noisy.alarm, null, 'one large step is noise, not a rising norm');
  const rising = window(5, { gradients: [{ layer: 'dense_1', weight: 'kernel', size: 4, norm: [5, 5, 6, 7] }] });
  assert.match(windowAlarm(rising, first.summary).alarm ?? '', /rising gradient norm \(dense_1\)/);
  assert.equal(windowAlarm(window(5, { loss: [2, 2, 2, 1] }), first.summary).alarm, 'a rising loss');
  const nonFinite = window(5, {
    nonFinite: [{ step: 6, where: 'loss', layer: null, weight: null, nan: 1, inf: 0 }],
  });
  assert.equal(windowAlarm(nonFinite, first.summary).alarm, 'a non-finite value');
  const stats = (everActive: number[]) => ({
    layer: 'dense_1',
    units: 4,
    samples: 64,
    sampledSteps: 2,
    everActive,
    mean: 0.1,
    variance: 0.1,
    saturated: null,
  });
  const alive = windowAlarm(window(1, { activations: [stats([1, 1, 1, 1])] }), null);
  const dying = windowAlarm(window(5, { activations: [stats([0, 1, 1, 1])] }), alive.summary);
  assert.match(dying.alarm ?? '', /growing dead share \(dense_1\)/);
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
