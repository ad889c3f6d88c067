/**
 * Two optimizers updating different weights in turn (a GAN, actor-critic): at any step, the other model's
 * weights get no gradient, which arrives as a null norm. That is neither a NaN nor a zero gradient.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvents } from '../../src/analysis/index.ts';
import { RunBuilder, dense, type LayerSpec, type WindowSpec } from './analysis-helpers.ts';

/** A combined GAN model: the generator's layers, then the discriminator's, listed by one model. */
const gan = (): LayerSpec[] => [
  dense('generator_1', 'relu', 16, 4, 'heNormal'),
  dense('generator_2', null, 2, 16),
  dense('discriminator_1', 'relu', 16, 2, 'heNormal'),
  dense('discriminator_2', null, 1, 16),
];

/** Five discriminator steps per generator step (WGAN's n_critic): the generator is updated at every sixth step. */
const isGeneratorStep = (step: number) => step % 6 === 0;

/** The generator's first layer gets `generatorNorm`, its second half that; each discriminator layer `discriminatorNorm`. */
function alternating(generatorNorm: number, discriminatorNorm: number): WindowSpec {
  const generator = (norm: number) => (step: number) => (isGeneratorStep(step) ? norm : null);
  const discriminator = (step: number) => (isGeneratorStep(step) ? null : discriminatorNorm);
  return {
    layers: {
      generator_1: { gradient: generator(generatorNorm) },
      generator_2: { gradient: generator(generatorNorm / 2) },
      discriminator_1: { gradient: discriminator },
      discriminator_2: { gradient: discriminator },
    },
  };
}

const kinds = (run: RunBuilder) => analyzeEvents(run.events).map((finding) => `${finding.kind}@${finding.layer}`);

describe('weights updated by different optimizers', () => {
  it('a step without a gradient for a weight is neither non-finite nor a vanishing (zero) gradient', () => {
    assert.deepEqual(kinds(new RunBuilder(gan()).windows(6, alternating(0.1, 0.1))), []);
  });

  it('a real NaN in one model’s gradients is still reported, at its step and layer', () => {
    const run = new RunBuilder(gan()).windows(2, alternating(0.1, 0.1)).window({
      ...alternating(0.1, 0.1),
      nonFinite: [{ step: 48, where: 'gradient', layer: 'generator_1', weight: 'kernel', nan: 64, inf: 0 }],
    });
    const [finding, ...rest] = analyzeEvents(run.events);
    assert.equal(rest.length, 0);
    assert.equal(finding?.kind, 'non-finite');
    assert.equal(finding?.step, 48);
    assert.equal(finding?.layer, 'generator_1');
  });

  it('layers updated at different steps are compared only with their own group’s output layer', () => {
    // The generator's gradients are 100× the discriminator's output layer's: AUTOTRAINER's exploding ratio if
    // they were one model's gradients of one loss, which they are when every layer is updated at every step.
    const together = new RunBuilder(gan()).windows(3, {
      layers: { generator_1: { gradient: 10 }, generator_2: { gradient: 5 }, discriminator_1: { gradient: 0.2 } },
    });
    assert.deepEqual(kinds(together), ['exploding-gradient@generator_1']);
    assert.deepEqual(kinds(new RunBuilder(gan()).windows(3, alternating(10, 0.1))), []);
  });
});
