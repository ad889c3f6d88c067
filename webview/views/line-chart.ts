/**
 * A titled uPlot line chart: one series per layer (or metric), theme colours, an optional target band, and
 * a line saying why it is empty when there is nothing to draw yet. Drawing is synchronous, so the panel
 * can time a redraw and never paints half-updated charts.
 */
import uPlot from 'uplot';
import { formatNumber } from '../../src/core/format.ts';
import { hasValues, type ChartData } from '../chart-data.ts';
import { h } from '../dom.ts';
import type { ChartTheme } from '../theme.ts';

/** A range the values should stay in (the SELU fixed point), drawn behind the series with its target as a dashed line. */
export interface TargetBand {
  from: number;
  to: number;
  target: number;
}

export interface LineChartOptions {
  id: string;
  title: string;
  /** Shown instead of the chart while there is nothing to draw. */
  emptyText: string;
  xLabel: string;
  yLabel: string;
  /** Logarithmic y axis (uPlot draws values ≤ 0 at the bottom of the axis). */
  logY?: boolean;
  /** Fixed y range, e.g. 0–1 for a share. */
  yRange?: [number, number];
  /** Charts with the same key (x = step) move their cursors together. */
  syncKey?: string;
  /** Dots on the values: for charts with few x values, like one per layer. */
  showPoints?: boolean;
  /** Step between x ticks when x counts things (layers, epochs). */
  integerX?: boolean;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
}

export class LineChart {
  readonly element: HTMLElement;
  private readonly plotArea: HTMLDivElement;
  private readonly emptyNote: HTMLParagraphElement;
  private plot: uPlot | null = null;
  /** What the current plot was built for; anything else needs a new plot. */
  private builtFor: { labels: string; theme: ChartTheme } | null = null;
  private band: TargetBand | null = null;

  constructor(private readonly options: LineChartOptions) {
    this.plotArea = h('div', { class: 'plot', role: 'img' });
    this.emptyNote = h('p', { class: 'empty' }, options.emptyText);
    this.element = h(
      'figure',
      { class: 'chart', id: options.id },
      h('figcaption', {}, options.title),
      this.plotArea,
      this.emptyNote,
    );
    new ResizeObserver(() => this.resize()).observe(this.plotArea);
  }

  draw(data: ChartData, theme: ChartTheme, band: TargetBand | null = null): void {
    const empty = !hasValues(data);
    this.emptyNote.hidden = !empty;
    this.plotArea.hidden = empty;
    this.band = band;
    const points = countValues(data);
    this.plotArea.dataset.points = String(points);
    this.plotArea.setAttribute('aria-label', `${this.options.title}: ${data.series.length} series, ${points} values`);
    if (empty) return this.destroy();

    const aligned: uPlot.AlignedData = [data.x, ...data.series.map((series) => series.values)];
    const labels = data.series.map((series) => series.label).join('\n');
    if (this.plot && this.builtFor?.labels === labels && this.builtFor.theme === theme) {
      const plot = this.plot;
      plot.batch(() => plot.setData(aligned));
    } else {
      this.destroy();
      this.plot = new uPlot(this.plotOptions(data, theme), aligned, this.plotArea);
      this.builtFor = { labels, theme };
    }
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = null;
    this.builtFor = null;
  }

  private resize(): void {
    if (!this.plot || this.plotArea.clientWidth === 0) return;
    this.plot.setSize({ width: this.plotArea.clientWidth, height: this.plot.height });
  }

  private plotOptions(data: ChartData, theme: ChartTheme): uPlot.Options {
    const { options } = this;
    const formatY = options.formatY ?? formatNumber;
    const axis = (label: string): uPlot.Axis => ({
      label,
      stroke: theme.foreground,
      font: theme.font,
      labelFont: theme.font,
      labelSize: theme.fontSize * 1.5,
      grid: { stroke: theme.grid, width: 0.5 },
      ticks: { stroke: theme.grid, width: 0.5 },
    });
    return {
      width: this.plotArea.clientWidth || 400,
      height: Math.round(theme.fontSize * 14),
      scales: {
        x: { time: false },
        y: options.logY ? { distr: 3, log: 10 } : { range: (_plot, min, max) => this.yRange(min, max) },
      },
      axes: [
        { ...axis(options.xLabel), ...(options.integerX ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
        {
          ...axis(options.yLabel),
          size: theme.fontSize * 5,
          values: (_plot, splits) => splits.map((split) => (split === null ? '' : formatY(split))),
        },
      ],
      series: [
        { label: options.xLabel, value: (_plot, x) => (x === null ? '—' : (options.formatX ?? String)(x)) },
        ...data.series.map((series, index): uPlot.Series => ({
          label: series.label,
          stroke: theme.palette[index % theme.palette.length],
          width: 1,
          points: { show: options.showPoints ?? false },
          value: (_plot, y) => (y === null ? '—' : formatY(y)),
        })),
      ],
      cursor: { focus: { prox: 30 }, ...(options.syncKey ? { sync: { key: options.syncKey } } : {}) },
      focus: { alpha: 0.3 },
      legend: { live: true },
      hooks: { drawClear: [(plot) => this.drawBand(plot, theme)] },
    };
  }

  /** The y range: a fixed one, or the data's (padded) widened to keep the target band in view. */
  private yRange(min: number, max: number): uPlot.Range.MinMax {
    if (this.options.yRange) return this.options.yRange;
    const low = this.band ? Math.min(min, this.band.from) : min;
    const high = this.band ? Math.max(max, this.band.to) : max;
    return uPlot.rangeNum(low, high, 0.1, true);
  }

  private drawBand(plot: uPlot, theme: ChartTheme): void {
    if (!this.band) return;
    const { ctx, bbox } = plot;
    const top = plot.valToPos(this.band.to, 'y', true);
    const bottom = plot.valToPos(this.band.from, 'y', true);
    const target = plot.valToPos(this.band.target, 'y', true);
    ctx.save();
    ctx.fillStyle = theme.band;
    ctx.globalAlpha = 0.15;
    ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
    ctx.globalAlpha = 0.8;
    ctx.strokeStyle = theme.band;
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, target);
    ctx.lineTo(bbox.left + bbox.width, target);
    ctx.stroke();
    ctx.restore();
  }
}

/** Values to plot (not gaps); a loop, not filter(), as this runs on every redraw over every series. */
function countValues(data: ChartData): number {
  let count = 0;
  for (const series of data.series) for (const value of series.values) if (value !== null) count += 1;
  return count;
}
