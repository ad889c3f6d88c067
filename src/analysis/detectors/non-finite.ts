/**
 * non-finite: the first NaN/Inf of the run, reported where it appeared first. Within a step the forward pass
 * (activations) comes before the loss, and the loss before the gradients; among equals, the layer nearest the
 * input. Raised at once, as an error, and never cleared: a NaN weight stays NaN.
 *
 * The analyzer asks this detector first, for every window, where training went non-finite; from that step on
 * every number is NaN or computed from NaN, so the other detectors get nothing more to pile findings on.
 */
import type { NonFiniteRecord, WindowEvent } from '../../core/events.ts';
import type { Finding } from '../../core/findings.ts';
import { formatNumber } from '../../core/format.ts';
import type { ModelLayout } from '../../core/model-layout.ts';

const PHASE_ORDER: Record<NonFiniteRecord['where'], number> = { activation: 0, loss: 1, gradient: 2 };

export class NonFiniteDetector {
  private first: Finding | null = null;
  private lastFiniteLoss: { step: number; value: number } | null = null;
  /** The first step whose loss was NaN/Inf, when the window of the first occurrence shows it. */
  private lossStep: number | null = null;

  /** The step at which training first went non-finite; null while everything is finite. */
  get firstStep(): number | null {
    return this.first?.step ?? null;
  }

  /** The step at which the loss first went non-finite, when known. */
  get firstLossStep(): number | null {
    return this.lossStep;
  }

  scan(window: WindowEvent, layout: ModelLayout): void {
    if (this.first) return;
    // Only the records: a null gradient norm is a step where that weight received no gradient (another
    // optimizer's step in a GAN or actor-critic loop); the runner writes a record for every non-finite one.
    const occurrence = [...window.nonFinite].sort(
      (a, b) => a.step - b.step || PHASE_ORDER[a.where] - PHASE_ORDER[b.where] || layout.compare(a.layer, b.layer),
    )[0];
    this.rememberLoss(window, occurrence?.step ?? Infinity);
    if (!occurrence) return;
    this.lossStep = window.nonFinite.find((record) => record.where === 'loss')?.step ?? null;
    this.first = this.finding(occurrence, layout);
  }

  findings(): Finding[] {
    return this.first ? [this.first] : [];
  }

  private rememberLoss(window: WindowEvent, beforeStep: number): void {
    window.loss.forEach((value, index) => {
      const step = window.fromStep + index;
      if (value !== null && step < beforeStep) this.lastFiniteLoss = { step, value };
    });
  }

  private finding(occurrence: NonFiniteRecord, layout: ModelLayout): Finding {
    const { step, where, layer, weight } = occurrence;
    const name = layer === null ? null : layout.displayName(layer);
    const subject =
      where === 'loss'
        ? 'the loss'
        : where === 'gradient'
          ? `the gradient of ${name}${weight ? ` (${weight})` : ''}`
          : `${name}'s outputs`;
    const lossBefore = this.lastFiniteLoss
      ? ` The last finite loss was ${formatNumber(this.lastFiniteLoss.value)} at step ${this.lastFiniteLoss.step}.`
      : '';
    return {
      kind: 'non-finite',
      severity: 'error',
      layer,
      source: layout.source(layer),
      step,
      message: `Training diverged at step ${step}: ${subject} became ${shortValueName(occurrence)} first.`,
      detail:
        `${subject[0]!.toUpperCase()}${subject.slice(1)} became ${valueName(occurrence)} at step ${step}. Once a weight is NaN every later output, loss and gradient is NaN ` +
        `too: training has stopped learning, and nothing measured after this point means anything.${lossBefore}`,
      evidence: {
        step,
        where,
        layer,
        weight,
        nan: occurrence.nan,
        inf: occurrence.inf,
        lastFiniteLoss: this.lastFiniteLoss?.value ?? null,
        lastFiniteLossStep: this.lastFiniteLoss?.step ?? null,
      },
      // The cause attribution adds the fix: lower the learning rate after growth, else check the loss and data.
      fixes: [],
      related: [],
    };
  }
}

function shortValueName({ nan, inf }: NonFiniteRecord): string {
  if (inf && !nan) return 'Infinity';
  if (nan && !inf) return 'NaN';
  return 'NaN/Infinity';
}

function valueName({ nan, inf }: NonFiniteRecord): string {
  const counted = (count: number) => `${count} value${count === 1 ? '' : 's'}`;
  if (nan && inf) return `NaN (${counted(nan)}) and Infinity (${counted(inf)})`;
  if (nan) return `NaN (${counted(nan)})`;
  if (inf) return `Infinity (${counted(inf)})`;
  return 'NaN or Infinity';
}
