/** "Apply": the winner written into the layer with the quick fix's edit, then the offer to run again. */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { offerToApplyWinner } from '../../extension/apply-winner.ts';
import { COMMANDS } from '../../extension/commands.ts';
import { compareWithBaseline, summarise } from '../../src/compare/stats.ts';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import { comparisonHeadline } from '../../src/core/compare/verdict-words.ts';
import { Uri } from 'vscode';
import { stub, StubDocument, StubLog } from './vscode-stub.ts';

const SCRIPT = Uri.file('/w/train.js');

const SOURCE = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu' }));
model.add(tf.layers.dense({ units: 1 }));
`;

function result(candidate: string, values: number[]): CompareResult {
  const relu = summarise('relu', [0.412, 0.398, 0.405, 0.421, 0.409]);
  const other = summarise(candidate, values);
  return {
    schemaVersion: 1,
    script: '/w/train.js',
    metric: 'loss',
    target: 'train.js:3 (dense #1)',
    baseline: 'relu',
    chanceLevel: null,
    equivalenceMargin: null,
    seeds: [1, 2, 3, 4, 5],
    candidates: [relu, other],
    comparisons: compareWithBaseline(relu, [other], { higherIsBetter: false }),
    runs: [],
    excluded: [],
  };
}
const BETTER = [0.352, 0.361, 0.349, 0.358, 0.355];

describe('offerToApplyWinner', () => {
  beforeEach(() => stub.reset());

  it('applies the winner with the quick fix’s edit, saves, and runs the script when asked', async () => {
    const document = new StubDocument('/w/train.js', SOURCE);
    stub.documents.push(document);
    stub.answer = (message) => message.items[0];
    const compared = result('elu', BETTER);
    const headline = comparisonHeadline(compared);
    await offerToApplyWinner(compared, { target: { line: 3 } }, SCRIPT, headline, new StubLog('ActLens'));
    assert.deepEqual(
      stub.messages.map((message) => [message.message, message.items]),
      [
        [`ActLens: ${headline}`, ['Apply elu']],
        ['ActLens applied elu to train.js:3. Run it with diagnostics to see it train?', ['Run']],
      ],
    );
    assert.match(document.getText().split('\n')[2]!, /activation: 'elu'/);
    assert.equal(document.saved, 1);
    assert.deepEqual(
      stub.executed.map(({ command }) => command),
      [COMMANDS.run],
    );
  });

  it('LeakyReLU is inserted as a layer after the swapped one, as the comparison ran it', async () => {
    const document = new StubDocument('/w/train.js', SOURCE);
    stub.documents.push(document);
    stub.answer = (message) => (message.items[0]?.startsWith('Apply') ? message.items[0] : undefined);
    await offerToApplyWinner(result('leakyReLU', BETTER), { target: { line: 3 } }, SCRIPT, 'h', new StubLog('A'));
    assert.match(document.getText(), /tf\.layers\.leakyReLU\(\{ alpha: 0\.01 \}\)/);
    assert.deepEqual(stub.executed, [], 'no run unless asked');
  });

  it('offers no Apply without a winner, nor for several layers at once', async () => {
    const document = new StubDocument('/w/train.js', SOURCE);
    stub.documents.push(document);
    await offerToApplyWinner(
      result('tanh', [0.401, 0.415, 0.396, 0.41, 0.404]),
      { target: { line: 3 } },
      SCRIPT,
      'none',
      new StubLog('A'),
    );
    await offerToApplyWinner(result('elu', BETTER), { target: { allRelu: true } }, SCRIPT, 'all', new StubLog('A'));
    assert.deepEqual(
      stub.messages.map((message) => message.items),
      [[], []],
    );
    assert.equal(document.getText(), SOURCE);
  });
});
