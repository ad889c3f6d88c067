/**
 * ActLens's hooks on training come off and go back whole (the benchmark's crossover): each slot gets its method back
 * — an inherited one as the object's own property, the object keeping its shape — and a slot patched twice its first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrainingHooks } from '../../src/runner/instrument/training-hooks.ts';

class Base {
  step(): string {
    return 'base';
  }
}

test('suspend restores each method, resume puts the patches back', () => {
  const hooks = new TrainingHooks();
  const prototype = Base.prototype as { step(): string };
  const original = prototype.step;
  const instance = new Base() as Base & { step(): string };
  hooks.patch(prototype, 'step', () => 'hooked prototype');
  hooks.patch(instance, 'step', () => 'hooked instance');
  assert.equal(new Base().step(), 'hooked prototype');
  assert.equal(instance.step(), 'hooked instance');

  hooks.suspend();
  assert.equal(prototype.step, original);
  assert.equal(instance.step(), 'base', 'the instance inherited its method: it has the original again');
  assert.ok(Object.hasOwn(instance, 'step'), 'as its own property: deleting one would slow every later access');

  hooks.resume();
  assert.equal(new Base().step(), 'hooked prototype');
  assert.equal(instance.step(), 'hooked instance');
});

test('a slot patched twice gets its first original back; a patch made while suspended waits for resume', () => {
  const hooks = new TrainingHooks();
  const target = { run: () => 'original' };
  hooks.patch(target, 'run', () => 'first');
  hooks.patch(target, 'run', () => 'second');
  hooks.suspend();
  assert.equal(target.run(), 'original');
  const late = { run: () => 'late original' };
  hooks.patch(late, 'run', () => 'late hook');
  assert.equal(late.run(), 'late original');
  hooks.resume();
  assert.equal(target.run(), 'second');
  assert.equal(late.run(), 'late hook');
});
