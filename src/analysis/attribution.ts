/**
 * Cause attribution: for each finding, the cause its evidence points at (docs/detectors.md, "Cause
 * attribution"), and its fixes re-ranked so that the fix for that cause comes first. The detectors' own fixes
 * treat the symptom (swap the activation, add batch normalisation); they stay, ranked after. A finding that no
 * fix applies to says why.
 */
import type { Cause } from '../core/causes.ts';
import type { Finding, Fix } from '../core/findings.ts';
import { isSaturating, isSelu } from '../core/activations.ts';
import { formatNumber } from '../core/format.ts';
import type { ModelLayout } from '../core/model-layout.ts';
import type { Thresholds } from '../core/thresholds.ts';
import { causeFixes, fixTarget } from './fixes.ts';
import type { RunFacts } from './run-facts.ts';

/** What attribution looks at besides the finding itself. */
export interface AttributionContext {
  layout: ModelLayout;
  facts: RunFacts;
  thresholds: Thresholds;
  /** Every finding of the run: a dead layer in a run whose gradients exploded died of the same updates. */
  all: readonly Finding[];
}

/** The finding with its cause and its fixes ranked cause first. */
export function attribute(finding: Finding, context: AttributionContext): Finding {
  const cause = causeOf(finding, context);
  if (!cause) return withFallback(finding);
  const { layout, facts } = context;
  const target = finding.layer === null ? fixTarget(layout, '') : fixTarget(layout, finding.layer);
  const inputs = facts.inputScale(finding.layer) ?? facts.anyInputScale();
  const first = causeFixes(cause.id, target, facts.optimizer(finding.layer), inputs);
  return withFallback({ ...finding, cause, fixes: uniqueByTitle([...first, ...finding.fixes]) });
}

function causeOf(finding: Finding, context: AttributionContext): Cause | undefined {
  switch (finding.kind) {
    case 'dead-units':
      return deadUnitsCause(finding, context);
    case 'vanishing-gradient':
      return vanishingCause(finding, context);
    case 'exploding-gradient':
      return {
        id: 'large-updates',
        because: 'Gradients that grow from check to check come from updates that overshoot: the step is too large.',
      };
    case 'non-finite':
      return nonFiniteCause(finding, context);
    case 'saturation':
      return saturationCause(finding, context);
    case 'activation-drift':
      return isSelu(context.layout.layer(finding.layer ?? '')?.activation)
        ? seluCause(finding, context)
        : { id: 'unexplained', because: 'Drift alone does not tell why the distribution moved.' };
    default:
      return undefined;
  }
}

function deadUnitsCause(finding: Finding, { layout, facts, thresholds, all }: AttributionContext): Cause {
  const layer = layout.layer(finding.layer ?? '');
  const bias = layer?.config.biasConstant;
  if (bias !== undefined && bias < 0)
    return {
      id: 'negative-bias',
      because: `Its bias starts at ${bias} (a constant initialiser), which pushes every pre-activation below zero.`,
    };
  const died = Number(finding.evidence.diedDuringTraining ?? 0);
  const fromStart = Number(finding.evidence.deadFromStart ?? 0);
  const inputs = unscaled(facts.inputScale(finding.layer), thresholds);
  if (inputs && fromStart >= died) return inputsCause(inputs, 'dead from the first step');
  if (died > 0 && died >= fromStart)
    return {
      id: 'large-updates',
      because: `Its units were active earlier and died at step ${finding.evidence.diedSinceStep}: an update pushed them below zero for every sample.`,
    };
  if (diverged(all))
    return {
      id: 'large-updates',
      because:
        'The run went on to explode or overflow: the same oversized updates that pushed it there silenced these units.',
    };
  return {
    id: 'unexplained',
    because: 'Dead from the first evidence window, with no negative bias, unscaled input or oversized update seen.',
  };
}

function vanishingCause(finding: Finding, { layout, thresholds }: AttributionContext): Cause {
  const name = finding.layer ?? '';
  const path = [layout.layer(name), ...layout.following(name)];
  const saturating = path.filter((layer) => isSaturating(layer?.activation)).length;
  if (saturating >= thresholds.saturatingStackDepth)
    return {
      id: 'saturating-stack',
      because: `The gradient passes ${saturating} sigmoid/tanh layers on its way back; each multiplies it by a derivative of at most 0.25 (sigmoid) or 1 (tanh, much less when saturated).`,
    };
  return {
    id: 'unexplained',
    because: 'Too few saturating layers to explain it; weight scale or architecture may.',
  };
}

function nonFiniteCause(finding: Finding, { all }: AttributionContext): Cause {
  if (all.some((other) => other.kind === 'exploding-gradient'))
    return { id: 'large-updates', because: 'Gradients grew until values overflowed.' };
  if (finding.evidence.where === 'loss')
    return {
      id: 'undefined-operation',
      because: 'The loss went non-finite first, with every layer output finite and no gradient growth before it.',
    };
  return {
    id: 'large-updates',
    because: `${finding.evidence.where === 'activation' ? 'A layer output' : 'A gradient'} overflowed before the loss did: values grew out of float32 range.`,
  };
}

function saturationCause(finding: Finding, { layout, facts, thresholds, all }: AttributionContext): Cause {
  const inputs = unscaled(facts.inputScale(finding.layer), thresholds);
  if (inputs) return inputsCause(inputs, 'saturated');
  if (diverged(all))
    return {
      id: 'large-updates',
      because: 'Gradients exploded in this run: growing weights pushed the pre-activations into the flat region.',
    };
  const initializer = layout.layer(finding.layer ?? '')?.config.kernelInitializer ?? 'glorotUniform';
  if (!/^(glorot|lecun)/i.test(initializer))
    return {
      id: 'weight-scale',
      because: `Its weights start from ${initializer}, not an initialiser sized for sigmoid/tanh (Glorot).`,
    };
  return { id: 'unexplained', because: 'Its inputs are scaled and its initialiser is Glorot.' };
}

/** Which of SELU's conditions the set-up breaks: leCunNormal weights, alphaDropout, standardised inputs. */
function seluCause(finding: Finding, { layout, facts, thresholds }: AttributionContext): Cause {
  const name = finding.layer ?? '';
  const initializer = layout.layer(name)?.config.kernelInitializer ?? 'glorotUniform';
  const target = fixTarget(layout, name);
  const inputs = unscaled(facts.anyInputScale(), thresholds);
  const broken = [
    /^lecun/i.test(initializer) ? null : `its weights start from ${initializer}, not leCunNormal`,
    target.dropoutAfter ? `plain Dropout (${layout.displayName(target.dropoutAfter.name)}) follows it` : null,
    inputs ? `the inputs are at mean ${formatNumber(inputs.mean)}, std ${formatNumber(inputs.std)}` : null,
  ].filter((reason): reason is string => reason !== null);
  return {
    id: 'selu-setup',
    because:
      broken.length > 0
        ? `SELU self-normalises only with leCunNormal weights, alphaDropout and standardised inputs; here ${broken.join(', and ')}.`
        : "SELU's conditions look met in the code, yet the layer is off its fixed point: check the inputs' scale.",
  };
}

function inputsCause(inputs: { mean: number; std: number }, state: string): Cause {
  return {
    id: 'unscaled-inputs',
    because: `It is fed the model's inputs, at mean ${formatNumber(inputs.mean)} and std ${formatNumber(inputs.std)}, and is ${state}.`,
  };
}

function unscaled(
  inputs: { mean: number; std: number } | undefined,
  thresholds: Thresholds,
): { mean: number; std: number } | undefined {
  return inputs && Math.max(Math.abs(inputs.mean), inputs.std) > thresholds.unscaledInputScale ? inputs : undefined;
}

function diverged(all: readonly Finding[]): boolean {
  return all.some((finding) => finding.kind === 'exploding-gradient');
}

function uniqueByTitle(fixes: Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((fix) => !seen.has(fix.title) && seen.add(fix.title));
}

/** Every finding offers a fix or says why none applies. */
function withFallback(finding: Finding): Finding {
  if (finding.fixes.length > 0) return finding;
  const why =
    'No source fix applies to this layer as it is (an output layer keeps its activation, and the evidence names no cause a code change removes); the documentation for this finding lists what to try.';
  return { ...finding, detail: finding.detail ? `${finding.detail} ${why}` : why };
}
