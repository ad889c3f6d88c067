/**
 * What in a window makes the sampling plan watch every step again: the early signs the detectors build on, checked
 * cheaply on numbers the window already holds. Loose on purpose — a false alarm costs two dense windows, a missed
 * one can cost the exact step a run diverged at.
 */
import type { WindowEvent } from '../../core/events.ts';
import { layerGradientNorms } from '../../core/layer-statistics.ts';

/** A layer's median gradient norm this many times the previous window's is a rising norm (per-step norms are noisy). */
const RISING_NORM = 4;
/** The window's mean loss this many times the previous window's is a rising loss. */
const RISING_LOSS = 1.5;
/** A ReLU layer's never-active share growing by this much from one window to the next. */
const GROWING_DEAD_SHARE = 0.05;

export interface WindowSummary {
  /** Per layer: the median gradient norm of the window's watched steps. */
  norms: Map<string, number>;
  /** The mean of the window's finite losses. */
  loss: number | null;
  /** Per layer: the share of its flagged units never active. */
  deadShares: Map<string, number>;
}

/** Why `window` looks like trouble (null when it does not), and its summary to compare the next window with. */
export function windowAlarm(
  window: WindowEvent,
  previous: WindowSummary | null,
): { alarm: string | null; summary: WindowSummary } {
  const losses = window.loss.filter((loss): loss is number => loss !== null);
  const loss = losses.length > 0 ? losses.reduce((sum, value) => sum + value, 0) / losses.length : null;
  const summary: WindowSummary = { norms: new Map(), loss, deadShares: new Map() };
  let alarm: string | null = window.nonFinite.length > 0 ? 'a non-finite value' : null;
  for (const [layer, norms] of layerGradientNorms(window)) {
    const finite = norms.filter((norm): norm is number => norm !== null && norm > 0).sort((a, b) => a - b);
    if (finite.length === 0) continue;
    const median = finite[Math.floor(finite.length / 2)]!;
    summary.norms.set(layer, median);
    const before = previous?.norms.get(layer);
    if (before !== undefined && median > RISING_NORM * before) alarm ??= `a rising gradient norm (${layer})`;
  }
  const lossBefore = previous?.loss;
  if (
    loss !== null &&
    lossBefore !== null &&
    lossBefore !== undefined &&
    lossBefore > 0 &&
    loss > RISING_LOSS * lossBefore
  )
    alarm ??= 'a rising loss';
  for (const stats of window.activations) {
    if (!stats.everActive || stats.everActive.length === 0) continue;
    const dead = stats.everActive.filter((flag) => flag === 0).length / stats.everActive.length;
    summary.deadShares.set(stats.layer, dead);
    const before = previous?.deadShares.get(stats.layer);
    if (before !== undefined && dead > before + GROWING_DEAD_SHARE) alarm ??= `a growing dead share (${stats.layer})`;
  }
  return { alarm, summary };
}
