/**
 * The panel's line charts, each fed from the run model: dead units, gradient norms over steps and by
 * depth, activation mean and std (with the SELU fixed point for SELU layers), loss and epoch metrics.
 * A chart whose data did not change since its last draw is left alone, and so is one scrolled out of view
 * until it comes back: with 64 layers every chart is costly, and a panel beside the code shows few at once.
 */
import { formatPercent } from '../../src/core/format.ts';
import type { Thresholds } from '../../src/core/thresholds.ts';
import { gradientDepthProfile, seluLayers, seriesOf, type ChartData } from '../chart-data.ts';
import { h } from '../dom.ts';
import type { MinMaxTable } from '../min-max-table.ts';
import type { RunModel } from '../run-model.ts';
import type { ChartTheme } from '../theme.ts';
import { LineChart, type LineChartOptions, type TargetBand } from './line-chart.ts';

/** Where a SELU layer's outputs should stay around the fixed point mean 0, std 1: the drift detector's band. */
const seluMeanBand = ({ seluMeanMax }: Thresholds): TargetBand => ({ from: -seluMeanMax, to: seluMeanMax, target: 0 });
const seluStdBand = ({ seluStdMin, seluStdMax }: Thresholds): TargetBand => ({
  from: seluStdMin,
  to: seluStdMax,
  target: 1,
});

const OVER_STEPS = { xLabel: 'step', syncKey: 'step' } as const;

interface ChartSlot {
  chart: LineChart;
  /** The table the chart is drawn from: its revision tells whether a redraw is needed. */
  source(model: RunModel): MinMaxTable;
  data(model: RunModel): ChartData;
  band?(model: RunModel): TargetBand | null;
}

export class RunCharts {
  readonly element: HTMLElement;
  private readonly slots: ChartSlot[];
  /** Layer names by index for the depth profile's x values. */
  private depthLayers: string[] = [];
  private readonly drawn = new Map<ChartSlot, { model: RunModel; revision: number; theme: ChartTheme }>();
  private readonly visible = new Set<Element>();

  /** `onShown`: a chart scrolled into view and may need the redraw it skipped. */
  constructor(onShown: () => void) {
    const overSteps = (
      options: Omit<LineChartOptions, 'xLabel' | 'syncKey'>,
      table: (model: RunModel) => MinMaxTable,
      band?: (thresholds: Thresholds) => TargetBand,
    ): ChartSlot => ({
      chart: new LineChart({ ...OVER_STEPS, ...options }),
      source: table,
      data: (model) => seriesOf(table(model), model),
      band: (model) => (band && seluLayers(model).length > 0 ? band(model.thresholds) : null),
    });
    this.slots = [
      overSteps(
        {
          id: 'chart-dead',
          title: 'Dead units per layer',
          emptyText: 'No ReLU-family layer has reported yet.',
          yLabel: 'dead',
          yRange: [0, 1],
          formatY: formatPercent,
        },
        (model) => model.deadFraction,
      ),
      overSteps(
        {
          id: 'chart-gradient-steps',
          title: 'Gradient norm per layer',
          emptyText: 'No optimizer step yet.',
          yLabel: 'L2 norm',
          logY: true,
        },
        (model) => model.gradientNorm,
      ),
      {
        chart: new LineChart({
          id: 'chart-gradient-depth',
          title: 'Gradient norm by depth (latest step)',
          emptyText: 'No optimizer step yet.',
          xLabel: 'layer, input → output',
          yLabel: 'L2 norm',
          logY: true,
          showPoints: true,
          integerX: true,
          formatX: (index) => this.depthLayers[index] ?? String(index),
        }),
        source: (model) => model.gradientNorm,
        data: (model) => {
          const profile = gradientDepthProfile(model);
          this.depthLayers = profile.layers;
          return profile;
        },
      },
      overSteps(
        {
          id: 'chart-activation-mean',
          title: 'Activation mean per layer',
          emptyText: 'No activations read back yet.',
          yLabel: 'mean',
        },
        (model) => model.activationMean,
        seluMeanBand,
      ),
      overSteps(
        {
          id: 'chart-activation-std',
          title: 'Activation std per layer',
          emptyText: 'No activations read back yet.',
          yLabel: 'std',
        },
        (model) => model.activationStd,
        seluStdBand,
      ),
      overSteps(
        { id: 'chart-loss', title: 'Loss per step', emptyText: 'No loss recorded yet.', yLabel: 'loss' },
        (model) => model.loss,
      ),
      {
        chart: new LineChart({
          id: 'chart-epochs',
          title: 'Epoch metrics',
          emptyText: 'No epoch has finished yet (only fit and fitDataset report epochs).',
          xLabel: 'epoch',
          yLabel: 'value',
          integerX: true,
          showPoints: true,
        }),
        source: (model) => model.epochMetrics,
        data: (model) => seriesOf(model.epochMetrics, model),
      },
    ];
    this.element = h(
      'section',
      { class: 'charts', 'aria-label': 'Charts' },
      ...this.slots.map((slot) => slot.chart.element),
    );
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) this.visible[entry.isIntersecting ? 'add' : 'delete'](entry.target);
      if (entries.some((entry) => entry.isIntersecting)) onShown();
    });
    for (const slot of this.slots) observer.observe(slot.chart.element);
  }

  /** Draws each visible chart whose table changed since its last draw, and every visible chart for a new run or a new theme. */
  draw(model: RunModel, theme: ChartTheme): void {
    for (const slot of this.slots) {
      if (!this.visible.has(slot.chart.element)) continue;
      const revision = slot.source(model).revision;
      const last = this.drawn.get(slot);
      if (last && last.model === model && last.revision === revision && last.theme === theme) continue;
      slot.chart.draw(slot.data(model), theme, slot.band?.(model) ?? null);
      this.drawn.set(slot, { model, revision, theme });
    }
  }
}
