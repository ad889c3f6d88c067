/**
 * Everything the panel shows, folded from one run's events: the latest per-layer snapshot (the same
 * RunState the CLI and the status bar read) plus bounded histories for the charts. Pure — no DOM — so
 * tests feed it events directly, and bounded, so 64 layers × 20,000 steps stay cheap to keep and draw.
 */
import type { EpochEvent, RunnerEvent, WindowEvent } from '../src/core/events.ts';
import type { Finding } from '../src/core/findings.ts';
import { deadShare, layerGradientNorms, outputStd } from '../src/core/layer-statistics.ts';
import { runStatus, type RunStatus } from '../src/core/run-status.ts';
import type { Thresholds } from '../src/core/thresholds.ts';
import { DEFAULT_THRESHOLDS } from '../src/core/default-thresholds.ts';
import { RunState } from '../src/core/run-state.ts';
import { MinMaxTable } from './min-max-table.ts';
import { UnitTimeline } from './unit-timeline.ts';

/**
 * Values per line chart, over all its series. uPlot's cost per redraw grows with the values it draws; this
 * many keep a 64-layer chart within a few milliseconds, and give a one-layer chart 1,024 min–max buckets.
 */
export const CHART_POINT_BUDGET = 8192;
/** Time columns of a heat map. */
export const HEATMAP_CAPACITY = 256;

export class RunModel {
  readonly latest = new RunState();
  /** Per step: the training loss. */
  readonly loss = new MinMaxTable(CHART_POINT_BUDGET);
  /** Per step, a column per layer: the L2 norm of the layer's whole gradient (all its weights). */
  readonly gradientNorm = new MinMaxTable(CHART_POINT_BUDGET);
  /** Per window, a column per ReLU-family layer: the share of units never active in the window. */
  readonly deadFraction = new MinMaxTable(CHART_POINT_BUDGET);
  /** Per window, a column per layer: mean and standard deviation of the layer's outputs. */
  readonly activationMean = new MinMaxTable(CHART_POINT_BUDGET);
  readonly activationStd = new MinMaxTable(CHART_POINT_BUDGET);
  /** Per epoch (1-based), a column per log key: loss, val_loss, acc, … */
  readonly epochMetrics = new MinMaxTable(CHART_POINT_BUDGET);
  /** Per ReLU-family layer: which units were alive over time. */
  readonly unitTimelines = new Map<string, UnitTimeline>();
  private currentFindings: readonly Finding[] = [];
  /** What the host last said about the run, until a later terminal event says more. */
  private hostState: RunStatus | null = null;
  /** Changes with every update, so the panel knows when to redraw. */
  revision = 0;

  constructor(
    readonly runId: string,
    readonly title: string,
    /** What the run is analysed with: the charts' bands show the same limits the detectors apply. */
    readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
  ) {}

  apply(event: RunnerEvent): void {
    this.latest.apply(event);
    if (event.type === 'window') this.applyWindow(event);
    if (event.type === 'epoch') this.applyEpoch(event);
    if (event.type === 'end' || event.type === 'error') this.hostState = null;
    this.revision += 1;
  }

  applyAll(events: readonly RunnerEvent[]): void {
    for (const event of events) this.apply(event);
  }

  get findings(): readonly Finding[] {
    return this.currentFindings;
  }

  set findings(findings: readonly Finding[]) {
    this.currentFindings = findings;
    this.revision += 1;
  }

  /** The host's word, when it has said something since the last terminal event; otherwise what the events tell. */
  get state(): RunStatus {
    // Without a terminal event the run is live: the host says otherwise (a killed process) when it knows.
    return this.hostState ?? runStatus(this.latest, true);
  }

  set state(state: RunStatus) {
    this.hostState = state;
    this.revision += 1;
  }

  private applyWindow(event: WindowEvent): void {
    this.appendPerStep(event);
    this.appendActivations(event);
  }

  private appendPerStep(event: WindowEvent): void {
    const steps = Math.max(0, event.toStep - event.fromStep + 1);
    const byLayer = [...layerGradientNorms(event)].map(([layer, norms]) => ({
      layer,
      column: this.gradientNorm.column(layer),
      norms,
    }));
    const nonFinite = new Set(
      event.nonFinite
        .filter((record) => record.where === 'gradient')
        .map((record) => `${record.layer}\n${record.step}`),
    );
    const lossColumn = this.loss.column('loss');
    for (let step = 0; step < steps; step += 1) {
      const x = event.fromStep + step;
      // A norm the runner reported non-finite is kept as Infinity, which the log chart marks on its floor; any
      // other missing norm (no gradient that step) leaves a gap (NaN).
      const row: number[] = [];
      for (const { layer, column, norms } of byLayer)
        row[column] = norms[step] ?? (nonFinite.has(`${layer}\n${x}`) ? Number.POSITIVE_INFINITY : Number.NaN);
      this.gradientNorm.append(x, row);
      const lossRow: number[] = [];
      lossRow[lossColumn] = event.loss[step] ?? Number.NaN;
      this.loss.append(x, lossRow);
    }
  }

  private appendActivations(event: WindowEvent): void {
    // A window that read no activations back (a short last window) adds no point, rather than a gap.
    if (event.activations.length === 0) return;
    const dead: number[] = [];
    const mean: number[] = [];
    const std: number[] = [];
    for (const stats of event.activations) {
      mean[this.activationMean.column(stats.layer)] = stats.mean ?? Number.NaN;
      std[this.activationStd.column(stats.layer)] = outputStd(stats) ?? Number.NaN;
      const share = deadShare(stats);
      if (share === null || !stats.everActive) continue;
      dead[this.deadFraction.column(stats.layer)] = share;
      this.timelineOf(stats.layer, stats.everActive.length).append(event.fromStep, event.toStep, stats.everActive);
    }
    this.deadFraction.append(event.toStep, dead);
    this.activationMean.append(event.toStep, mean);
    this.activationStd.append(event.toStep, std);
  }

  private applyEpoch(event: EpochEvent): void {
    const row: number[] = [];
    for (const [key, value] of Object.entries(event.logs)) row[this.epochMetrics.column(key)] = value ?? Number.NaN;
    this.epochMetrics.append(event.epoch + 1, row);
  }

  private timelineOf(layer: string, units: number): UnitTimeline {
    let timeline = this.unitTimelines.get(layer);
    if (!timeline) {
      timeline = new UnitTimeline(units, HEATMAP_CAPACITY);
      this.unitTimelines.set(layer, timeline);
    }
    return timeline;
  }
}
