/**
 * The runner ends when the process that started it dies (a CLI killed with `kill -9`, a crashed editor), so
 * that no training goes on with no one recording it. The runner is the leader of its own process group
 * (the session starts it detached), so the script's own children end with it.
 *
 * The watch runs on a worker thread: a synchronous training loop never yields the main thread's event loop.
 * It compares the parent pid with the one the runner started with (an orphan is adopted by init or a
 * subreaper); waiting with Atomics.wait, not a blocking read, lets the process exit whenever it wants to.
 */
import { Worker } from 'node:worker_threads';

/** How soon a dead parent is noticed; each check is one getppid call. */
const CHECK_EVERY_MS = 200;

const WATCH = `
const { workerData: { parent, runner, every } } = require('node:worker_threads');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (process.ppid === parent) Atomics.wait(pause, 0, 0, every);
// No one is left to record the run's end, so nothing is gained by waiting for it: the whole group goes.
try { process.kill(-runner, 'SIGKILL'); } catch { process.kill(runner, 'SIGKILL'); }
`;

/** The process that started the runner, taken as the runner starts: the watch may start after it died. */
const PARENT = process.ppid;
let watching = false;

/** Starts the watch (once; later calls do nothing). */
export function endWithParent(): void {
  if (watching) return;
  watching = true;
  const worker = new Worker(WATCH, {
    eval: true,
    workerData: { parent: PARENT, runner: process.pid, every: CHECK_EVERY_MS },
    // The watch must not keep the runner alive, nor share the script's stdio.
    stdout: true,
    stderr: true,
  });
  worker.unref();
}
