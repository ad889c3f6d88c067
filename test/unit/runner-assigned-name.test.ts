/** The name a script gives a call's value at its line, read from the text before the call. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignedName } from '../../src/runner/assigned-name.ts';

test('declarations and assignments name the value', () => {
  assert.equal(assignedName('const hidden = ', undefined), 'hidden');
  assert.equal(assignedName('  let x = ', undefined), 'x');
  assert.equal(assignedName('var $enc_1=', undefined), '$enc_1');
  assert.equal(assignedName('    this.encoder = ', undefined), 'this.encoder');
  assert.equal(assignedName('net.layers.first = ', undefined), 'net.layers.first');
  assert.equal(assignedName('export const dense1 = ', undefined), 'dense1');
  assert.equal(assignedName('const a = 1, b = ', undefined), 'b');
  assert.equal(assignedName('if (ready) hidden = ', undefined), 'hidden');
});

test('a TypeScript annotation between the name and = is skipped', () => {
  assert.equal(assignedName('const hidden: tf.layers.Layer = ', undefined), 'hidden');
  assert.equal(assignedName('private readonly head: Layer = ', undefined), 'head');
});

test('values that are not assigned on the line have no name', () => {
  for (const before of [
    'model.add(',
    'const model = tf.sequential({ layers: [',
    '  ',
    'return ',
    'const make = () => ',
    'if (a == ',
    'if (a === ',
    'if (a !== ',
    'total += ',
    'x <= ',
    'const layers = [first, ',
    'const net = { hidden: ',
  ])
    assert.equal(assignedName(before, undefined), undefined, before);
});

test('a call the formatter moved below its `const name =` takes the name from the line above', () => {
  assert.equal(assignedName('  ', 'const hidden ='), 'hidden');
  assert.equal(assignedName('  ', 'model.add('), undefined);
  assert.equal(assignedName('model.add(', 'const hidden ='), undefined, 'only when nothing precedes the call');
});

test('a minified line of 200,000 characters is answered at once', () => {
  const started = performance.now();
  assert.equal(assignedName(`${'a=b;'.repeat(50_000)}const hidden = `, undefined), 'hidden');
  assert.equal(assignedName(`${'x(y: z'.repeat(40_000)}model.add(`, undefined), undefined);
  assert.ok(performance.now() - started < 50, `${performance.now() - started} ms`);
});
