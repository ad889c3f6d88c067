/**
 * The panel's line charts, each fed from the run model: dead units, gradient norms over steps or by depth
 * (a switch; by depth first for deep models, where a line per layer is a tangle), activation mean and std
 * (with the SELU fixed point for SELU layers), loss and epoch metrics.
 *
 * Cost: a chart whose data did not change since its last draw is left alone, and so is one scrolled out of
 * view until it comes back — but every chart is drawn once, so none ever says "no data" for data it has (a
 * report is never updated after that). One redraw draws charts, stalest first, while the frame's share of time
 * has room for the next one's last cost, and leaves the rest to the next frame: with 64 layers each chart costs
 * a millisecond or more.
 */
import { formatPercent } from '../../src/core/format.ts';
import type { Thresholds } from '../../src/core/thresholds.ts';
import { gradientDepthProfile, seluLayers, seriesOf, type ChartData } from '../chart-data.ts';
import { h } from '../dom.ts';
import type { MinMaxTable } from '../min-max-table.ts';
import type { RunModel } from '../run-model.ts';
import type { ChartTheme } from '../theme.ts';
import { LineChart, type LineChartOptions, type TargetBand } from './line-chart.ts';
import { ViewSwitch } from './view-switch.ts';

/** Where a SELU layer's outputs should stay around the fixed point mean 0, std 1: the drift detector's band. */
const seluMeanBand = ({ seluMeanMax }: Thresholds): TargetBand => ({ from: -seluMeanMax, to: seluMeanMax, target: 0 });
const seluStdBand = ({ seluStdMin, seluStdMax }: Thresholds): TargetBand => ({
  from: seluStdMin,
  to: seluStdMax,
  target: 1,
});

const OVER_STEPS = { xLabel: 'step', syncKey: 'step' } as const;
/** Above this many layers the gradient chart opens by depth. */
const MAX_LAYERS_OVER_STEPS = 8;
/** Milliseconds of chart drawing per redraw: with the table and the heat map, a redraw stays within a 16 ms frame. */
const CHART_TIME_PER_REDRAW = 5;

type GradientView = 'steps' | 'depth';

interface ChartSlot {
  chart: LineChart;
  /** The table the chart is drawn from: its revision tells whether a redraw is needed. */
  source(model: RunModel): MinMaxTable;
  data(model: RunModel): ChartData;
  band?(model: RunModel): TargetBand | null;
}

interface Drawn {
  model: RunModel;
  revision: number;
  theme: ChartTheme;
  /** Which redraw drew it: the stalest chart is drawn first. */
  redraw: number;
  /** How long that draw took, milliseconds: a chart expected to overrun the frame's share waits for the next. */
  cost: number;
}

export class RunCharts {
  readonly element: HTMLElement;
  private readonly slots: ChartSlot[];
  private readonly gradientCharts: Record<GradientView, LineChart>;
  private readonly gradientSwitches: ViewSwitch<GradientView>[] = [];
  /** The user's choice of gradient view; until they choose, it follows the model's depth. */
  private chosenGradientView: GradientView | null = null;
  /** Layer names by index for the depth profile's x values. */
  private depthLayers: string[] = [];
  private readonly drawn = new Map<ChartSlot, Drawn>();
  private readonly visible = new Set<Element>();
  private redraws = 0;

  /** `requestRedraw`: a chart scrolled into view, or a view was switched, or a redraw ran out of time. */
  constructor(private readonly requestRedraw: () => void) {
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
    const gradientSteps = overSteps(
      {
        id: 'chart-gradient-steps',
        title: 'Gradient norm per layer',
        emptyText: 'No optimizer step yet.',
        yLabel: 'L2 norm',
        logY: true,
        controls: this.gradientSwitch(),
      },
      (model) => model.gradientNorm,
    );
    const gradientDepth: ChartSlot = {
      chart: new LineChart({
        id: 'chart-gradient-depth',
        title: 'Gradient norm per layer',
        emptyText: 'No optimizer step yet.',
        xLabel: 'layer, input → output (latest step)',
        yLabel: 'L2 norm',
        logY: true,
        showPoints: true,
        integerX: true,
        formatX: (index) => this.depthLayers[index] ?? String(index),
        controls: this.gradientSwitch(),
      }),
      source: (model) => model.gradientNorm,
      data: (model) => {
        const profile = gradientDepthProfile(model);
        this.depthLayers = profile.layers;
        return profile;
      },
    };
    this.gradientCharts = { steps: gradientSteps.chart, depth: gradientDepth.chart };
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
      gradientSteps,
      gradientDepth,
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
      if (entries.some((entry) => entry.isIntersecting)) requestRedraw();
    });
    for (const slot of this.slots) observer.observe(slot.chart.element);
  }

  /**
   * Draws each visible chart whose table changed since its last draw, every visible chart for a new run or a
   * new theme, and every chart not yet drawn for this run — stalest first, until the frame's share is spent.
   */
  draw(model: RunModel, theme: ChartTheme): void {
    const start = performance.now();
    this.redraws += 1;
    this.showGradientView(this.gradientView(model));
    const stale = this.slots
      .filter((slot) => !slot.chart.element.hidden && this.needsDraw(slot, model, theme))
      .sort((a, b) => (this.drawn.get(a)?.redraw ?? 0) - (this.drawn.get(b)?.redraw ?? 0));
    for (const [index, slot] of stale.entries()) {
      const before = performance.now();
      const expected = this.drawn.get(slot)?.cost ?? 0;
      if (index > 0 && before - start + expected > CHART_TIME_PER_REDRAW) return this.requestRedraw();
      slot.chart.draw(slot.data(model), theme, slot.band?.(model) ?? null);
      const cost = performance.now() - before;
      this.drawn.set(slot, { model, revision: slot.source(model).revision, theme, redraw: this.redraws, cost });
    }
  }

  /** Highlights a layer's line in every chart (a table row hovered or selected); null highlights none. */
  highlight(layer: string | null): void {
    for (const slot of this.slots) slot.chart.highlight(layer);
  }

  private needsDraw(slot: ChartSlot, model: RunModel, theme: ChartTheme): boolean {
    const last = this.drawn.get(slot);
    if (last?.model !== model) return true;
    if (!this.visible.has(slot.chart.element)) return false;
    return last.revision !== slot.source(model).revision || last.theme !== theme;
  }

  private gradientSwitch(): HTMLElement {
    const view = new ViewSwitch<GradientView>(
      'Gradient norm view',
      [
        { value: 'steps', label: 'over steps' },
        { value: 'depth', label: 'by depth' },
      ],
      (chosen) => {
        this.chosenGradientView = chosen;
        this.showGradientView(chosen);
        this.requestRedraw();
      },
    );
    this.gradientSwitches.push(view);
    return view.element;
  }

  private gradientView(model: RunModel): GradientView {
    return this.chosenGradientView ?? (model.latest.layers.size > MAX_LAYERS_OVER_STEPS ? 'depth' : 'steps');
  }

  private showGradientView(view: GradientView): void {
    this.gradientCharts.steps.element.hidden = view !== 'steps';
    this.gradientCharts.depth.element.hidden = view !== 'depth';
    for (const viewSwitch of this.gradientSwitches) viewSwitch.show(view);
  }
}
