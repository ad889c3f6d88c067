/**
 * The event log of a script that calls `fit({ epochs: 1 })` in a loop (test/fixtures/scripts/fit-in-a-loop.js,
 * the cpu backend): over a short run, the bytes the runner sends per second (what an unbounded log would
 * grow by) and the log's size on disk, sampled every second. Both are scaled from the short run to an hour;
 * the log's bound (RunLogWriter) is what keeps the second flat.
 */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RunSession } from '../src/session/session.ts';

const SCRIPT = path.resolve(__dirname, '..', 'test', 'fixtures', 'scripts', 'fit-in-a-loop.js');

export interface FitLoopLogResult {
  seconds: number;
  steps: number;
  /** Bytes of the events the runner sent, per second of training. */
  sentBytesPerSecond: number;
  /** Largest log size seen in the first and in the second half of the run. */
  logBytesFirstHalf: number;
  logBytesSecondHalf: number;
}

export async function measureFitLoopLog(seconds: number): Promise<FitLoopLogResult> {
  let sentBytes = 0;
  const session = new RunSession(
    {
      script: SCRIPT,
      args: ['1000000000', String(seconds)],
      backend: 'cpu',
      workspaceRoot: path.join(tmpdir(), 'actlens-bench'),
    },
    { event: (event) => (sentBytes += JSON.stringify(event).length + 1) },
  );
  const sizes: { at: number; bytes: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    try {
      sizes.push({ at: Date.now() - started, bytes: statSync(path.join(session.runDir, 'events.jsonl')).size });
    } catch {
      // Between a rewrite's rename and the next sample, or before the first record.
    }
  }, 1000);
  const outcome = await session.done;
  clearInterval(sampler);
  if (outcome.terminal.type === 'error') throw new Error(`fit-in-a-loop.js failed: ${outcome.terminal.message}`);
  const elapsed = (Date.now() - started) / 1000;
  const half = (elapsed * 1000) / 2;
  const largest = (samples: typeof sizes) => Math.max(0, ...samples.map((sample) => sample.bytes));
  return {
    seconds: elapsed,
    steps: outcome.state.steps,
    sentBytesPerSecond: sentBytes / elapsed,
    logBytesFirstHalf: largest(sizes.filter((sample) => sample.at < half)),
    logBytesSecondHalf: largest(sizes.filter((sample) => sample.at >= half)),
  };
}
