/** The shape every runtime detector has, and what the analyzer hands it once per window. */
import type { ActivationStats, WindowEvent } from '../core/events.ts';
import type { Finding } from '../core/findings.ts';
import type { ModelLayout } from '../core/model-layout.ts';
import type { Conclusion } from './hysteresis.ts';
import type { ModelGradients } from './window-gradients.ts';

export interface WindowCheck {
  window: WindowEvent;
  layout: ModelLayout;
  /**
   * Per model, gradient summaries of the steps before training first went non-finite. Once NaN/Inf appears
   * every later number is NaN or meaningless, so detectors get nothing from then on.
   */
  gradients: ModelGradients[];
  /**
   * Activation statistics of the window's sampled steps before any non-finite value (the runner leaves later
   * steps out); a layer whose sampled steps were all non-finite is left out.
   */
  activations: ActivationStats[];
  /** The step at which training first went non-finite, when this window is where it happened. */
  wentNonFiniteAt: number | null;
  /** The window's last step the evidence covers: its last step, or the one before training went non-finite. */
  lastStep: number;
}

export interface Detector {
  check(check: WindowCheck): void;
  /** No more checks will come (the run ended, or training went non-finite): raise what the evidence shows. */
  conclude(why: Conclusion): void;
  findings(): Finding[];
}
