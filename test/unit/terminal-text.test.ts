/** What ActLens prints in a terminal escapes control characters, so a name or message cannot drive the terminal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingLines, layerTable } from '../../src/cli/terminal-output.ts';
import { printable, printableName } from '../../src/cli/terminal-text.ts';
import type { Finding } from '../../src/core/findings.ts';
import { RunState } from '../../src/core/run-state.ts';
import { dense, layerEvent } from './analysis-helpers.ts';

const RETITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';
const CONTROL = /(?![\t\n])\p{Cc}/u;

test('printable escapes C0 (but tab and newline), DEL and C1 controls; printableName escapes newlines too', () => {
  assert.equal(
    printable(`a${RETITLE}b${CLEAR}\tc\nd\re\u007f\u009b`),
    'a\\x1b]0;pwned\\x07b\\x1b[2J\tc\nd\\x0de\\x7f\\x9b',
  );
  assert.equal(printableName('new\nline.js'), 'new\\x0aline.js');
  assert.equal(printable('plain text, ünïcödé — kept'), 'plain text, ünïcödé — kept');
});

test('the layer table and finding lines escape control characters in names, files and messages', () => {
  const state = new RunState();
  const event = layerEvent(dense(`dense${CLEAR}`, 'relu', 4, 2), 3);
  state.apply({ ...event, source: { file: `/w/x${RETITLE}.js`, line: 3, column: 1 } });
  const table = layerTable(state, '/w');
  assert.doesNotMatch(table, CONTROL);
  assert.match(table, /dense\\x1b\[2J/);
  assert.match(table, /x\\x1b\]0;pwned\\x07\.js:3/);
  const finding: Finding = {
    kind: 'dead-units',
    severity: 'warning',
    layer: `dense${CLEAR}`,
    source: { file: `/w/x${RETITLE}.js`, line: 3, column: 1 },
    step: 20,
    message: `2 of 4 units of dense${CLEAR} are dead.`,
    evidence: {},
    fixes: [{ title: `Lower the rate${CLEAR}`, why: '', action: 'advice' }],
    related: [],
  };
  const lines = findingLines([finding], '/w');
  assert.doesNotMatch(lines, CONTROL);
  assert.match(lines, /units of dense\\x1b\[2J are dead/);
  assert.match(lines, /fix: Lower the rate\\x1b\[2J/);
});
