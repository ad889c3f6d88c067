/**
 * The analysis engine: runner events in, findings out. Incremental — each window costs one pass over its
 * numbers — so the session can call findings() after every event while a run is live.
 */
import type { RunnerEvent, WindowEvent } from '../core/events.ts';
import { SEVERITIES, type Finding } from '../core/findings.ts';
import type { Detector, WindowCheck } from './detector.ts';
import { ActivationDriftDetector } from './detectors/activation-drift.ts';
import { DeadUnitsDetector } from './detectors/dead-units.ts';
import { ExplodingGradientDetector } from './detectors/exploding-gradient.ts';
import { NonFiniteDetector } from './detectors/non-finite.ts';
import { SaturationDetector } from './detectors/saturation.ts';
import { VanishingGradientDetector } from './detectors/vanishing-gradient.ts';
import { ModelLayout } from '../core/model-layout.ts';
import { resolveThresholds, type Thresholds } from '../core/thresholds.ts';
import { summariseGradients } from './window-gradients.ts';

export class Analyzer {
  private readonly layout = new ModelLayout();
  private readonly nonFinite = new NonFiniteDetector();
  private readonly detectors: Detector[];

  /** The defaults with the user's overrides: what every detector decides with. */
  readonly thresholds: Thresholds;

  constructor(thresholds?: Partial<Thresholds>) {
    const resolved = resolveThresholds(thresholds);
    this.thresholds = resolved;
    const deadUnits = new DeadUnitsDetector(resolved);
    // Dead units first: the vanishing and drift detectors ask it whether dead units explain what they see.
    this.detectors = [
      deadUnits,
      new VanishingGradientDetector(resolved, deadUnits),
      new ExplodingGradientDetector(resolved),
      new ActivationDriftDetector(resolved, deadUnits),
      new SaturationDetector(resolved),
    ];
  }

  push(event: RunnerEvent): void {
    if (event.type === 'layer') this.layout.addLayer(event);
    else if (event.type === 'model') this.layout.addModel(event);
    else if (event.type === 'window') this.checkWindow(event);
  }

  /** Current findings: most severe first, then earliest step, then nearest the input. */
  findings(): Finding[] {
    return [this.nonFinite, ...this.detectors]
      .flatMap((detector) => detector.findings())
      .sort(
        (a, b) =>
          SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
          a.step - b.step ||
          this.layout.compare(a.layer, b.layer),
      );
  }

  private checkWindow(window: WindowEvent): void {
    const alreadyNonFinite = this.nonFinite.firstStep !== null;
    this.nonFinite.scan(window, this.layout);
    if (alreadyNonFinite) return;
    const wentNonFiniteAt = this.nonFinite.firstStep;
    const check: WindowCheck = {
      window,
      layout: this.layout,
      gradients: summariseGradients(window, this.layout, wentNonFiniteAt ?? Infinity),
      activations: wentNonFiniteAt === null ? window.activations : [],
      wentNonFiniteAt,
    };
    for (const detector of this.detectors) detector.check(check);
  }
}

export function analyzeEvents(events: Iterable<RunnerEvent>, thresholds?: Partial<Thresholds>): Finding[] {
  const analyzer = new Analyzer(thresholds);
  for (const event of events) analyzer.push(event);
  return analyzer.findings();
}
