/**
 * `actlens run` and `compare` with hostile or mistaken input: output paths checked before training (exit 2,
 * one line), a report that fails at the end costs only itself (exit 4, one line, the other report written),
 * arguments left out of the HTML report, non-regular scripts and malformed thresholds refused, records the
 * script writes to the event channel dropped, and control characters escaped in what ActLens prints.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listRuns, readRunLog } from '../../src/session/run-log.ts';
import { REPO, runCli, SCRIPTS, tempDir } from './cli-harness.ts';

const script = (name: string) => path.join(SCRIPTS, name);
const NEVER_TRAINS = script('never-trains.js');

/** A usage error: exit 2 and exactly one line on stderr, `actlens: …`, no stack; nothing ran. */
async function refused(args: string[], expected: RegExp) {
  const result = await runCli(['run', ...args], { withJson: false });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^actlens: [^\n]+\n$/);
  assert.match(result.stderr, expected);
  assert.deepEqual(listRuns(result.runsRoot), [], 'nothing ran');
}

test('output paths that cannot be written are refused before training, in one line', async () => {
  const folder = tempDir();
  await refused(
    [NEVER_TRAINS, '--json', path.join(folder, 'missing', 'r.json')],
    /the folder .*missing does not exist/,
  );
  await refused([NEVER_TRAINS, '--json', folder], /--json .* is a folder; give a file name\./);
  await refused([NEVER_TRAINS, '--report', path.join(NEVER_TRAINS, 'r.html')], /never-trains\.js is not a folder\./);
  // /sys refuses new files to every user, root included (whom access(2) would wave through).
  if (process.platform === 'linux')
    await refused([NEVER_TRAINS, '--json', '/sys/actlens.json'], /--json \/sys\/actlens\.json cannot be written/);
  await refused(
    [NEVER_TRAINS, '--cwd', path.join(folder, 'missing')],
    /the working directory .*missing does not exist/,
  );
});

test('a --json that fails at the end: exit 4 in one line, no stack, and --report is still written', async () => {
  const html = path.join(tempDir(), 'report.html');
  const result = await runCli(['run', NEVER_TRAINS, '--json', '/dev/full', '--report', html, '--quiet'], {
    withJson: false,
  });
  assert.equal(result.code, 4, result.stderr);
  assert.equal(
    result.stderr.trim().split('\n').at(-1),
    'actlens: --json /dev/full was not written: ENOSPC: no space left on device, write',
  );
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
  assert.ok(existsSync(html), 'the HTML report is written all the same');
});

test("the HTML report leaves out the script's arguments (unless --report-args), absolute paths and the pid", async () => {
  const folder = tempDir();
  const [hidden, shown] = [path.join(folder, 'hidden.html'), path.join(folder, 'shown.html')];
  const secret = '--api-key=SECRET123';
  const result = await runCli(['run', NEVER_TRAINS, '--report', hidden, '--quiet', '--', secret]);
  assert.equal(result.code, 0, result.stderr);
  const start = readRunLog(result.report!.runDir).events.find((event) => event.type === 'start');
  assert.ok(start?.type === 'start' && start.args.includes(secret), 'the run got the argument');
  const html = readFileSync(hidden, 'utf8');
  assert.ok(!html.includes('SECRET123'));
  assert.ok(!html.includes(REPO + path.sep), 'no absolute path inside the workspace');
  assert.ok(!html.includes(`"pid":${start.pid}`));
  assert.ok(html.includes('"script":"test/fixtures/scripts/never-trains.js"'));
  const withArgs = await runCli(['run', NEVER_TRAINS, '--report', shown, '--report-args', '--quiet', '--', secret]);
  assert.equal(withArgs.code, 0, withArgs.stderr);
  assert.ok(readFileSync(shown, 'utf8').includes('SECRET123'));
});

test(
  'a FIFO named like a script is refused (it would block), exit 2 in one line',
  { skip: process.platform === 'win32' },
  async () => {
    const fifo = path.join(tempDir(), 'x.js');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    await refused([fifo], /x\.js is a FIFO \(named pipe\), not a regular file/);
  },
);

test('--threshold with an empty value or a name that is no threshold is refused, exit 2 in one line', async () => {
  await refused(
    [NEVER_TRAINS, '--threshold', 'deadUnitsWarnFraction='],
    /expects name=number, got 'deadUnitsWarnFraction='/,
  );
  await refused([NEVER_TRAINS, '--threshold', 'x='], /expects name=number, got 'x='/);
  await refused([NEVER_TRAINS, '--threshold', '__proto__=1'], /Unknown threshold "__proto__"/);
});

test('compare --layer 99 (no layer there) is refused before any statistics, exit 2', async () => {
  const json = path.join(tempDir(), 'compare.json');
  const result = await runCli(
    ['compare', script('needs-its-arguments.js'), '--layer', '99', '--candidates', 'elu', '--seeds', '2'].concat([
      '--parallel',
      '2',
      '--json',
      json,
      '--',
      '--activation',
      'relu',
    ]),
    { withJson: false },
  );
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr.trim().split('\n').at(-1)!,
    /^actlens: --layer 99 matches no layer of needs-its-arguments\.js/,
  );
  assert.equal(existsSync(json), false);
  assert.doesNotMatch(result.stdout, /no significant difference/);
});

test('records the script writes to the event channel are dropped; a closed channel is said in one line', async () => {
  const reused = path.join(tempDir(), 'opened-after-closing-the-channel.txt');
  const result = await runCli(['run', script('writes-to-the-event-channel.js'), '--every', '5', '--', reused]);
  const dropped = result.stderr.match(/dropped an event record: a line without this run's key/g) ?? [];
  assert.equal(dropped.length, 2, result.stderr);
  assert.ok(!result.report!.notes.includes('a forged note'));
  assert.notEqual(result.report!.outcome.location?.file, '../../../etc/passwd');
  assert.doesNotMatch(result.report!.outcome.message, /forged/);
  assert.ok(result.report!.steps >= 1, 'the steps before the channel closed are recorded');
  const closed = result.stderr.match(/the script closed ActLens's event channel \(fd 3\)/g) ?? [];
  assert.ok(closed.length >= 1, result.stderr);
  assert.doesNotMatch(result.stderr, /EBADF|\n\s+at /);
  assert.equal(readFileSync(reused, 'utf8'), '', 'no record written into the file that got the descriptor');
});

test('control characters in file names and errors are escaped in what ActLens prints', async () => {
  const folder = path.join(tempDir(), 'with\u001b[2Jescape');
  mkdirSync(folder);
  const file = path.join(folder, 'fails\u001b]0;title\u0007.js');
  copyFileSync(script('throws-control-characters.js'), file);
  const result = await runCli(['run', file, '--quiet']);
  assert.equal(result.code, 3, result.stderr);
  const printed = result.stdout + result.stderr;
  assert.doesNotMatch(printed, /(?![\t\n])\p{Cc}/u, JSON.stringify(printed));
  assert.match(printed, /bad input \\x1b\]0;pwned\\x07 then \\x1b\[2J cleared/);
  assert.match(printed, /fails\\x1b\]0;title\\x07\.js/);
});
