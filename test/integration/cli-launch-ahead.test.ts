/**
 * `actlens run` launches the training process from the CLI's entry, before its bundle loads, and the run's session
 * takes that process: one launch per run, and the run is whole. A usage error or `run --help` ends it with the CLI,
 * which exits without waiting for it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO, runCli, SCRIPTS, tempDir, type CliResult } from './cli-harness.ts';
import { survivors } from './processes.ts';

const PRELOAD = path.join(REPO, 'test', 'fixtures', 'runner-launch-log.cjs');

interface Launch {
  pid: number;
  from: 'entry' | 'bundle';
}

async function launchesOf(args: string[]): Promise<CliResult & { launches: Launch[] }> {
  const log = path.join(tempDir(), 'launches.jsonl');
  const result = await runCli(args, {
    env: { NODE_OPTIONS: `--require ${PRELOAD}`, ACTLENS_TEST_LAUNCH_LOG: log },
  });
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    // No launch at all.
  }
  const launches = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Launch);
  return { ...result, launches };
}

test('a run takes the training process its entry launched: one launch, and the run is whole', async () => {
  const { code, launches, stderr, report } = await launchesOf([
    'run',
    path.join(SCRIPTS, 'trains-for-seconds.js'),
    '--max-steps',
    '5',
  ]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(
    launches.map(({ from }) => from),
    ['entry'],
  );
  assert.equal(report?.steps, 5);
  assert.ok((report.startupMs ?? 0) > 0, 'start-up reported');
});

test('a usage error, or run --help, ends the process launched ahead with the CLI', { timeout: 60_000 }, async () => {
  for (const args of [
    ['run', path.join(SCRIPTS, 'never-builds.js'), '--max-steps', 'x'],
    ['run', '--help'],
  ]) {
    const { code, launches } = await launchesOf(args);
    assert.equal(code, args.includes('--help') ? 0 : 2, args.join(' '));
    assert.equal(launches.length, 1, args.join(' '));
    assert.deepEqual(await survivors([launches[0]!.pid]), [], `${args.join(' ')}: nothing left running`);
  }
});
