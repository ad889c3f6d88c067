/** A file name with a newline in it: V8 writes it raw into the stack, and the frame must still be found. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallSiteLocator } from '../../src/runner/call-site.ts';
import { UserFiles } from '../../src/runner/loader/user-files.ts';

test('a frame whose file name holds a newline is read whole', () => {
  const locator = new CallSiteLocator(new UserFiles('/opt/actlens/dist'));
  const stack = [
    'Error: here',
    '    at Object.dense (/opt/actlens/dist/runner.js:10:5)',
    '    at Object.<anonymous> (/tmp/my\nmodel.js:6:20)',
    '    at Module._compile (node:internal/modules/cjs/loader:1521:14)',
  ].join('\n');
  assert.deepEqual(locator.firstUserFrame(stack), { file: '/tmp/my\nmodel.js', line: 6, column: 20 });
});
