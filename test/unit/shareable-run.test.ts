/** The HTML report's copy of a run: arguments left out unless asked for, workspace paths relative, no pid. */
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunnerEvent } from '../../src/core/events.ts';
import type { Finding } from '../../src/core/findings.ts';
import { shareableRun } from '../../src/report/shareable-run.ts';

const ROOT = path.resolve('/work/project');
const SCRIPT = path.join(ROOT, 'src', 'train.js');

const start: RunnerEvent = {
  type: 'start',
  protocol: 1,
  time: 0,
  script: SCRIPT,
  cwd: ROOT,
  args: ['--api-key=SECRET123', 'data.csv'],
  backend: 'cpu',
  tfjs: { source: 'user', version: '4.22.0', entry: path.join(homedir(), 'lib', 'tf.node.js') },
  seed: 1,
  every: 20,
  maxSteps: null,
  pid: 4242,
};
const error: RunnerEvent = {
  type: 'error',
  phase: 'script',
  message: 'bad',
  stack: `Error: bad\n    at train (${SCRIPT}:3:9)`,
  location: { file: SCRIPT, line: 3, column: 9 },
  steps: 0,
};
const finding = { kind: 'dead-units', source: { file: SCRIPT, line: 3, column: 9 } } as unknown as Finding;

test('arguments and the pid are left out; workspace paths are relative, home is ~', () => {
  const { events, findings } = shareableRun(
    { events: [start, error], findings: [finding] },
    { workspaceRoot: ROOT, includeArgs: false },
  );
  const [shared, failed] = events;
  assert.ok(shared?.type === 'start' && failed?.type === 'error');
  assert.deepEqual(shared.args, []);
  assert.equal(shared.pid, 0);
  assert.equal(shared.script, path.join('src', 'train.js'));
  assert.equal(shared.cwd, '.');
  assert.equal(shared.tfjs.entry, path.join('~', 'lib', 'tf.node.js'));
  assert.equal(failed.stack, `Error: bad\n    at train (${path.join('src', 'train.js')}:3:9)`);
  assert.equal(failed.location?.file, path.join('src', 'train.js'));
  assert.equal(findings[0]?.source?.file, path.join('src', 'train.js'));
  assert.ok(!JSON.stringify({ events, findings }).includes(ROOT));
});

test('--report-args keeps the arguments', () => {
  const { events } = shareableRun({ events: [start], findings: [] }, { workspaceRoot: ROOT, includeArgs: true });
  assert.deepEqual(events[0]?.type === 'start' && events[0].args, ['--api-key=SECRET123', 'data.csv']);
});
