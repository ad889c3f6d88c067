/**
 * The analysis engine: runner events in, findings out. Incremental — each window costs one pass over its
 * numbers — so the session can call findings() after every event while a run is live.
 *
 * The detectors raise findings per layer; findings() then names each one's cause and ranks its fixes
 * (attribution.ts), tells a divergence as a chain (divergence-chain.ts) and shows one problem per cause
 * (merge.ts).
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
import { attribute } from './attribution.ts';
import { withDivergenceChain } from './divergence-chain.ts';
import { withHeadlineLength } from './headline.ts';
import { mergeFindings } from './merge.ts';
import { RunFacts } from './run-facts.ts';
import type { Conclusion } from './hysteresis.ts';

export class Analyzer {
  private readonly layout = new ModelLayout();
  private readonly facts = new RunFacts();
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
    switch (event.type) {
      case 'layer':
        this.layout.addLayer(event);
        break;
      case 'model':
        this.layout.addModel(event);
        break;
      case 'optimizer':
        this.facts.addOptimizer(event);
        break;
      case 'window':
        this.checkWindow(event);
        break;
      case 'end':
      case 'error':
        this.conclude('ended');
        break;
    }
  }

  /** Current findings: most severe first, then earliest step, then nearest the input. */
  findings(): Finding[] {
    const raw = [this.nonFinite, ...this.detectors].flatMap((detector) => detector.findings());
    const context = { layout: this.layout, facts: this.facts, thresholds: this.thresholds, all: raw };
    const attributed = raw.map((finding) => attribute(finding, context));
    const told = withDivergenceChain(attributed, this.nonFinite.firstLossStep);
    return mergeFindings(told, this.layout)
      .map(withHeadlineLength)
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
    this.facts.addWindow(window);
    const wentNonFiniteAt = this.nonFinite.firstStep;
    const check: WindowCheck = {
      window,
      layout: this.layout,
      gradients: summariseGradients(window, this.layout, wentNonFiniteAt ?? Infinity),
      // The runner reports the sampled steps before any NaN/Inf; a null mean means none preceded it.
      activations: window.activations.filter((stats) => stats.mean !== null),
      wentNonFiniteAt,
      lastStep: wentNonFiniteAt === null ? window.toStep : Math.max(window.fromStep, wentNonFiniteAt - 1),
    };
    for (const detector of this.detectors) detector.check(check);
    if (wentNonFiniteAt !== null) this.conclude('diverged');
  }

  private conclude(why: Conclusion): void {
    for (const detector of this.detectors) detector.conclude(why);
  }
}

export function analyzeEvents(events: Iterable<RunnerEvent>, thresholds?: Partial<Thresholds>): Finding[] {
  const analyzer = new Analyzer(thresholds);
  for (const event of events) analyzer.push(event);
  return analyzer.findings();
}
