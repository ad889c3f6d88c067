/** The shape every runtime detector has, and what the analyzer hands it once per window. */
import type { ActivationStats, WindowEvent } from '../core/events.ts';
import type { Finding } from '../core/findings.ts';
import type { ModelLayout } from '../core/model-layout.ts';
import type { ModelGradients } from './window-gradients.ts';

export interface WindowCheck {
  window: WindowEvent;
  layout: ModelLayout;
  /**
   * Per model, gradient summaries of the steps before training first went non-finite. Once NaN/Inf appears
   * every later number is NaN or meaningless, so detectors get nothing from then on.
   */
  gradients: ModelGradients[];
  /** Activation statistics, empty when the window saw a non-finite value (they were accumulated over it). */
  activations: ActivationStats[];
  /** The step at which training first went non-finite, when this window is where it happened. */
  wentNonFiniteAt: number | null;
}

export interface Detector {
  check(check: WindowCheck): void;
  findings(): Finding[];
}
