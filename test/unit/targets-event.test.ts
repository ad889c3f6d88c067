/** The `targets` event (add-only, same protocol version): it parses, and the readers that do not use it pass it by. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeEvents } from '../../src/analysis/analyzer.ts';
import { parseEventLine, type TargetsEvent } from '../../src/core/events.ts';
import { PROTOCOL_VERSION } from '../../src/core/protocol.ts';
import { RunState } from '../../src/core/run-state.ts';
import { ThinnedEvents } from '../../src/session/thinned-events.ts';

const targets: TargetsEvent = {
  type: 'targets',
  model: 'sequential_1',
  loss: 'meanSquaredError',
  meanPredictorMse: 6.16,
  samples: 512,
};

test('a targets line parses as itself; a non-finite level travels as null', () => {
  assert.equal(PROTOCOL_VERSION, 1);
  assert.deepEqual(parseEventLine(JSON.stringify(targets)), { ok: true, event: targets });
  const unknown = { ...targets, loss: null, meanPredictorMse: null };
  assert.deepEqual(parseEventLine(JSON.stringify(unknown)), { ok: true, event: unknown });
  assert.equal(parseEventLine(JSON.stringify({ ...targets, samples: -1 })).ok, false);
});

test('the run fold, the thinned list and the analysis take it without effect', () => {
  const state = new RunState();
  state.apply(targets);
  assert.equal(state.steps, 0);
  assert.equal(state.layers.size, 0);
  const list = new ThinnedEvents(16);
  list.push(targets);
  assert.deepEqual(list.events, [targets]);
  assert.deepEqual(analyzeEvents([targets]), []);
});
