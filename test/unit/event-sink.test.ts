/**
 * The runner's event sink: numbers go out with 7 significant digits exactly as `toPrecision(7)` gives them (NaN and
 * infinities as null), a batch's lines are written together when it ends, in order, also when its work throws, and
 * records that can wait go out with the next write, in their place.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { EventSink, withSevenDigits } from '../../src/runner/event-sink.ts';

const KEY = 'k3y';

/** A sink writing to a fresh file, and what the file holds so far, one parsed event per line. */
function sinkOnFile(): { sink: EventSink; written: () => { type: string; steps?: number }[]; close: () => void } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'actlens-sink-')), 'events');
  const fd = openSync(file, 'w');
  const sink = new EventSink(fd);
  sink.open(KEY);
  const written = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        assert.ok(line.startsWith(`${KEY} `), line);
        return JSON.parse(line.slice(KEY.length + 1)) as { type: string; steps?: number };
      });
  return { sink, written, close: () => closeSync(fd) };
}

const progress = (steps: number) => ({ type: 'progress' as const, steps, elapsedMs: steps * 10 });

test('fractions keep 7 significant digits, as toPrecision(7) rounds them, across every scale', () => {
  // A fixed pseudo-random sequence (xorshift), magnitudes from 1e-24 to 1e24, both signs.
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const values = [0.1, 0.5, 1.5, 2.5e-7, 9.9999995, 99999.995, 1e-16, 9.99999949e6, 1e7 + 0.5, 123456.75, -0.000123];
  for (let i = 0; i < 200_000; i++) values.push((next() - 0.5) * 10 ** (next() * 48 - 24));
  for (let exponent = -24; exponent <= 24; exponent++) values.push(10 ** exponent * 1.0000001, -(10 ** exponent));
  // Whole numbers go out as they are (a step, a count), however large.
  const expected = (value: number) => (Number.isInteger(value) ? value : Number(value.toPrecision(7)));
  const different = values.filter((value) => withSevenDigits(value) !== expected(value));
  assert.deepEqual(different.slice(0, 5), []);
});

test('NaN and infinities become null, whole numbers and other values stay, at any depth', () => {
  const event = {
    type: 'window',
    loss: [0.123456789, NaN, Infinity, -Infinity, null, 3],
    nested: { mean: -2.718281828, flags: [1, 0, 1], name: 'dense_1', ok: true },
    at: new Date(Date.UTC(2026, 11, 1)),
  };
  assert.equal(
    JSON.stringify(withSevenDigits(event)),
    '{"type":"window","loss":[0.1234568,null,null,null,null,3],' +
      '"nested":{"mean":-2.718282,"flags":[1,0,1],"name":"dense_1","ok":true},"at":"2026-12-01T00:00:00.000Z"}',
  );
});

test('a batch writes its lines together when it ends, in order', () => {
  const { sink, written, close } = sinkOnFile();
  sink.emit(progress(1));
  const seenInside = sink.batch(() => {
    sink.emit(progress(2));
    sink.batch(() => sink.emit(progress(3)));
    sink.emit(progress(4));
    return written().length;
  });
  assert.equal(seenInside, 1, 'nothing of the batch is written before it ends');
  assert.deepEqual(
    written().map((event) => event.steps),
    [1, 2, 3, 4],
  );
  close();
});

test('a batch whose work throws still writes what it emitted', () => {
  const { sink, written, close } = sinkOnFile();
  assert.throws(
    () =>
      sink.batch(() => {
        sink.emit(progress(7));
        throw new Error('decoding failed');
      }),
    /decoding failed/,
  );
  assert.deepEqual(
    written().map((event) => event.steps),
    [7],
  );
  sink.emit(progress(8));
  assert.equal(written().length, 2, 'the sink writes on after the batch');
  close();
});

test('a record that can wait goes out with the next write, before what was emitted after it', () => {
  const { sink, written, close } = sinkOnFile();
  sink.emitWithNext(progress(1));
  sink.emitWithNext(progress(2));
  assert.equal(written().length, 0, 'nothing written yet');
  sink.emit(progress(3));
  assert.deepEqual(
    written().map((event) => event.steps),
    [1, 2, 3],
  );
  sink.emitWithNext(progress(4));
  sink.batch(() => {
    sink.emit(progress(5));
    sink.emitWithNext(progress(6));
    sink.emit(progress(7));
  });
  assert.deepEqual(
    written().map((event) => event.steps),
    [1, 2, 3, 4, 5, 6, 7],
    'inside a batch, in the order emitted',
  );
  close();
});

test('flush writes the records that wait; a batch that emits nothing leaves them waiting', () => {
  const { sink, written, close } = sinkOnFile();
  sink.emitWithNext(progress(1));
  sink.batch(() => undefined);
  assert.equal(written().length, 0);
  sink.flush();
  assert.deepEqual(
    written().map((event) => event.steps),
    [1],
  );
  sink.flush();
  assert.equal(written().length, 1, 'nothing waits any more');
  sink.emitWithNext(progress(2));
  sink.emit({ type: 'end', reason: 'completed', steps: 2, elapsedMs: 20 });
  sink.emitWithNext(progress(3));
  sink.flush();
  assert.deepEqual(
    written().map((event) => event.type),
    ['progress', 'progress', 'end'],
    'the end record takes what waits with it; nothing follows it',
  );
  close();
});

test('lines of any length and script are written byte for byte, long after short after long', () => {
  const { sink, written, close } = sinkOnFile();
  const messages = ['é日本🙂'.repeat(2000), 'short', 'a'.repeat(5000), '🙂'];
  for (const message of messages) sink.emit({ type: 'note', level: 'info', message });
  assert.deepEqual(
    written().map((event) => (event as unknown as { message: string }).message),
    messages,
  );
  close();
});
