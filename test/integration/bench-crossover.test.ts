/**
 * The switch the benchmark's crossover turns (src/runner/bench-crossover.ts, bench/fixtures/crossover.js): with it,
 * the steps trained while the hooks are off are neither watched nor counted, and those trained after they are put back
 * are; without ACTLENS_BENCH_CROSSOVER the script finds no switch at all.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { WindowEvent } from '../../src/core/events.ts';
import { RunSession } from '../../src/session/session.ts';
import { readRunLog } from '../../src/session/run-log.ts';
import { parseBlocks } from '../../bench/crossover.ts';
import { REPO, tempDir } from './cli-harness.ts';

const FIXTURE = path.join(REPO, 'bench', 'fixtures', 'mlp-training.js');
// One epoch of the fixture's 128 batches. Hooks on through step 20, then off and on by turns every 10 steps: off for
// 21–30, 41–50 … 101–110 and 121–128, on for 31–40, 51–60 … 111–120.
const STEPS = 128;
const STEPS_ON = 20 + 5 * 10;

async function train(crossover: boolean) {
  let output = '';
  const session = new RunSession(
    {
      script: FIXTURE,
      args: [String(STEPS)],
      backend: 'cpu',
      workspaceRoot: tempDir(),
      env: {
        ACTLENS_BENCH_STEADY_FROM: '20',
        ACTLENS_BENCH_CROSSOVER_BLOCK: '10',
        ...(crossover ? { ACTLENS_BENCH_CROSSOVER: '1' } : {}),
      },
    },
    { output: (_stream, chunk) => (output += chunk) },
  );
  const outcome = await session.done;
  assert.equal(outcome.terminal.type, 'end', output);
  const windows = readRunLog(outcome.runDir).events.filter((event): event is WindowEvent => event.type === 'window');
  return { output, lastStep: windows.at(-1)?.toStep };
}

test('steps trained with the hooks off are not watched; those after they are put back are', async () => {
  const { output, lastStep } = await train(true);
  const blocks = parseBlocks(output);
  assert.deepEqual(
    blocks.map((block) => block.on),
    [false, true, false, true, false, true, false, true, false, true],
    'whole blocks alternate, off first (the last, cut short by the end of training, is not printed)',
  );
  assert.equal(lastStep, STEPS_ON, `ActLens counted ${lastStep} steps of ${STEPS}`);
});

test('without ACTLENS_BENCH_CROSSOVER the script finds no switch, and every step is watched', async () => {
  const { output, lastStep } = await train(false);
  assert.deepEqual(parseBlocks(output), []);
  assert.equal(lastStep, STEPS);
});
