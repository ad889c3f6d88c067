/** An error's text keeps its causes: "fetch failed" alone does not say which host or port. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorText } from '../../src/runner/error-text.ts';

test('a network error names its cause, offline (a .invalid host fails DNS at once)', async () => {
  const error = await fetch('http://example.invalid/data.csv').then(
    () => assert.fail('example.invalid must not resolve'),
    (failure: unknown) => failure,
  );
  assert.equal(errorText(error), 'TypeError: fetch failed (cause: Error: getaddrinfo ENOTFOUND example.invalid)');
});

test('every cause of a chain, in order', () => {
  const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const chain = new Error('could not load the data', { cause: new TypeError('fetch failed', { cause: root }) });
  assert.equal(
    errorText(chain),
    'Error: could not load the data (cause: TypeError: fetch failed (cause: Error: connect ECONNREFUSED 127.0.0.1:5432))',
  );
});

test('an AggregateError without a message of its own shows the errors it holds', () => {
  const refused = new AggregateError([
    new Error('connect ECONNREFUSED ::1:80'),
    new Error('connect ECONNREFUSED 127.0.0.1:80'),
  ]);
  assert.equal(
    errorText(new TypeError('fetch failed', { cause: refused })),
    'TypeError: fetch failed (cause: AggregateError: Error: connect ECONNREFUSED ::1:80; Error: connect ECONNREFUSED 127.0.0.1:80)',
  );
});

test('an error without a message falls back to its code; thrown values that are not errors read as themselves', () => {
  assert.equal(errorText(Object.assign(new Error(), { code: 'EPIPE' })), 'Error: EPIPE');
  assert.equal(errorText('plain text'), 'plain text');
  assert.equal(errorText({ status: 404 }), '{ status: 404 }');
  assert.equal(errorText(new Error('outer', { cause: 'a string cause' })), 'Error: outer (cause: a string cause)');
});

test('a cycle of causes ends', () => {
  const first = new Error('first');
  const second = new Error('second', { cause: first });
  first.cause = second;
  assert.equal(errorText(first), 'Error: first (cause: Error: second)');
});
