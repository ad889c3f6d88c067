/**
 * Keeps every window acceptable to the session, which drops an event line over MAX_EVENT_BYTES whole. Per-unit
 * flags are bounded at the source (unit-sample.ts); what still grows without bound is one gradient norm per weight
 * per step, over a long window (`--every 5000` on a model with hundreds of weights). Such a window goes out as
 * consecutive windows over halves of its steps — each one check for the detectors — instead of being lost.
 */
import type { WindowEvent } from '../../core/events.ts';
import { MAX_EVENT_BYTES } from '../../core/protocol.ts';

/** Half the limit: the measure below is JSON before the sink's rounding, and names may be wider than ASCII. */
const WINDOW_BYTES = MAX_EVENT_BYTES / 2;
/** The longest a number or null takes in JSON, with its comma (`-1.2345678901234567e-300,`). */
const MAX_NUMBER_CHARS = 25;

export function windowsWithinLimit(window: WindowEvent, limit = WINDOW_BYTES): WindowEvent[] {
  const numbers =
    window.loss.length +
    window.gradients.reduce((sum, series) => sum + series.norm.length, 0) +
    window.activations.reduce((sum, stats) => sum + (stats.everActive?.length ?? 0), 0);
  // Measuring costs a serialisation: only windows that might be near the limit pay it.
  if (numbers * MAX_NUMBER_CHARS < limit / 2 || window.fromStep >= window.toStep) return [window];
  if (JSON.stringify(window).length <= limit) return [window];
  const lastOfFirstHalf = window.fromStep + Math.floor((window.toStep - window.fromStep - 1) / 2);
  return [
    ...windowsWithinLimit(stepsOf(window, window.fromStep, lastOfFirstHalf), limit),
    ...windowsWithinLimit(stepsOf(window, lastOfFirstHalf + 1, window.toStep), limit),
  ];
}

/**
 * The part of `window` over steps `from`..`to`. Activation statistics are accumulated over the window's first
 * steps (its sampled steps), so they go with the first part.
 */
function stepsOf(window: WindowEvent, from: number, to: number): WindowEvent {
  const slice = <T>(perStep: T[]) => perStep.slice(from - window.fromStep, to - window.fromStep + 1);
  const { overhead, ...rest } = window;
  return {
    ...rest,
    // The cost, like the statistics, is counted once: with the first part.
    ...(overhead && from === window.fromStep ? { overhead } : {}),
    fromStep: from,
    toStep: to,
    loss: slice(window.loss),
    gradients: window.gradients.map((series) => ({ ...series, norm: slice(series.norm) })),
    activations: from === window.fromStep ? window.activations : [],
    nonFinite: window.nonFinite.filter((record) => record.step >= from && record.step <= to),
  };
}
