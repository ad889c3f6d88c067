/**
 * The runner ends when the process that started it is gone, even where its watch starts only after that (the runner
 * starts it once tfjs has loaded, src/runner/main.ts): the parent is the one the runner started with.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { isAlive, killAll, survivors } from './processes.ts';

const CHILD = path.join(__dirname, 'parent-watch-child.ts');

/** Starts a parent that starts the stand-in runner (in its own process group, as the session does) and exits. */
async function orphanedRunner(watchAfterMs: number): Promise<number> {
  const parent = spawn(
    process.execPath,
    [
      '-e',
      `const c = require('node:child_process').spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(CHILD)}, '${watchAfterMs}'], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
       c.stdout.once('data', (pid) => { process.stdout.write(pid); process.exit(0); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await new Promise((resolve) => parent.on('exit', resolve));
  const pid = Number(output.trim());
  assert.ok(pid > 0, `the stand-in runner said its pid (got ${JSON.stringify(output)})`);
  return pid;
}

test('a watch started after the parent died ends the runner at once', async (t) => {
  const pid = await orphanedRunner(1500);
  t.after(() => killAll([pid]));
  assert.ok(isAlive(pid), 'the runner outlives its parent until its watch starts');
  assert.deepEqual(await survivors([pid], 20_000), [], 'the watch ended the orphaned runner');
});
