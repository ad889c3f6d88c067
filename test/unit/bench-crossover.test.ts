/**
 * The crossover's ratios (bench/crossover.ts): each block with the hooks on against the mean of the blocks off on
 * either side, so that a drift in the machine's speed across the three cancels; blocks at the edges, without an off
 * block on each side, compare with nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockRatios, parseBlocks } from '../../bench/crossover.ts';

const OUTPUT = [
  'train-ms 100 cpu-ms 100 steps 10',
  'crossover-block off 90 2.0000 1.9000',
  'crossover-block on 90 2.2000 2.0000',
  'crossover-block off 90 2.4000 2.1000',
  'crossover-block on 90 2.6000 2.2000',
  'crossover-block off 90 2.6000 2.3000',
  'crossover-block on 90 9.0000 9.0000',
].join('\n');

test('blocks are read in order from the fixture output', () => {
  const blocks = parseBlocks(OUTPUT);
  assert.equal(blocks.length, 6);
  assert.deepEqual(blocks[1], { on: true, steps: 90, meanMs: 2.2, medianMs: 2 });
});

test('a block on compares with the mean of its two neighbours off; the last block has one and is left out', () => {
  const blocks = parseBlocks(OUTPUT);
  // A machine slowing down from 2.0 to 2.6 ms a step reads 1.0 for the first block on (2.2 against 2.2), not 1.1.
  const ratios = blockRatios(blocks, (block) => block.meanMs);
  assert.deepEqual(
    ratios.map((ratio) => ratio.toFixed(4)),
    ['1.0000', (2.6 / 2.5).toFixed(4)],
  );
  assert.deepEqual(
    blockRatios(blocks, (block) => block.medianMs).map((ratio) => ratio.toFixed(4)),
    [(2 / 2).toFixed(4), (2.2 / 2.2).toFixed(4)],
  );
});
