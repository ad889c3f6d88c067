/**
 * A titled uPlot line chart: one series per layer (coloured by depth) or metric (theme palette), an optional
 * target band, a marked floor for zeros on a log axis, and a line saying why it is empty when there is nothing
 * to draw. A layer can be highlighted (a table row hovered or selected): its line thickens, the others fade.
 * Drawing is synchronous, so the panel can time a redraw and never paints half-updated charts.
 *
 * Lines over steps are drawn here rather than by uPlot: uPlot builds a Path2D and a clip per series, which at
 * 64 layers costs several times more than tracing every line on the context inside one clip, and this trace keeps
 * at most two points (a column's extremes) per pixel column. Charts with points (few x values) use uPlot's.
 */
import uPlot from 'uplot';
import { formatNumber } from '../../src/core/format.ts';
import { hasValues, type ChartData } from '../chart-data.ts';
import { h } from '../dom.ts';
import { isFloor, onLogFloor } from '../log-floor.ts';
import { traceByPixelColumn } from '../pixel-columns.ts';
import { depthColor, type ChartTheme } from '../theme.ts';
import { distinctTickLabels, type FormatWithDigits } from '../tick-labels.ts';

const LINE_WIDTH = 1;
const HIGHLIGHT_WIDTH = 2.5;
/** How visible the other lines stay while one is highlighted: enough to see the crowd, not to confuse with it. */
const FADED_ALPHA = 0.2;
/** Where uPlot writes a y axis's tick labels: left of the plot by its tick length (10) and gap (5), CSS pixels. */
const AXIS_LABEL_OFFSET = 15;
/** The log axis starts this factor below the floor. */
const FLOOR_MARGIN = 1.5;

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
  /** Logarithmic y axis; zero and non-finite values go on a floor labelled "0" (see log-floor.ts). */
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
  /** Beside the title, e.g. a switch between views. */
  controls?: HTMLElement;
  /** `digits`: significant digits, more when ticks would otherwise print alike; a format may ignore it. */
  formatY?: FormatWithDigits;
}

export class LineChart {
  readonly element: HTMLElement;
  private readonly plotArea: HTMLDivElement;
  private readonly emptyNote: HTMLParagraphElement;
  private plot: uPlot | null = null;
  /** What the current plot was built for; anything else needs a new plot. */
  private builtFor: { labels: string; theme: ChartTheme } | null = null;
  private band: TargetBand | null = null;
  /** The log axis's floor for zero and non-finite values, when the data has any. */
  private floor: number | null = null;
  /** The series as the data has them, before the floor replaced zeros: the legend shows these. */
  private rawSeries: (number | null)[][] = [];
  private rawLabels: string[] = [];
  private highlighted: string | null = null;
  /** Each series' colour, by uPlot series index (0, the x values, has none). */
  private colors: string[] = [];
  /** Whether this chart draws its own lines (see drawLines); false for charts with points. */
  private readonly ownLines: boolean;

  constructor(private readonly options: LineChartOptions) {
    this.ownLines = !options.showPoints;
    this.plotArea = h('div', { class: 'plot', role: 'img' });
    // Hidden until the first draw says whether there is anything: never "no data" for data not drawn yet.
    this.emptyNote = h('p', { class: 'empty', hidden: '' }, options.emptyText);
    this.element = h(
      'figure',
      { class: 'chart', id: options.id },
      h('figcaption', {}, options.title, ...(options.controls ? [' ', options.controls] : [])),
      this.plotArea,
      this.emptyNote,
    );
    new ResizeObserver(() => this.resize()).observe(this.plotArea);
    // uPlot's own focus (the line nearest the cursor) resets every line's opacity when the cursor leaves; the
    // highlighted layer's comes back once uPlot is done.
    this.plotArea.addEventListener('mouseleave', () => requestAnimationFrame(() => this.applyHighlight()));
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

    this.rawSeries = data.series.map((series) => series.values);
    this.rawLabels = data.series.map((series) => series.label);
    const { values, floor } = this.options.logY ? onLogFloor(this.rawSeries) : { values: this.rawSeries, floor: null };
    this.floor = floor;
    const aligned: uPlot.AlignedData = [data.x, ...values];
    const labels = this.rawLabels.join('\n');
    if (this.plot && this.builtFor?.labels === labels && this.builtFor.theme === theme) {
      const plot = this.plot;
      plot.batch(() => plot.setData(aligned));
    } else {
      this.destroy();
      // The highlight goes in the options: calls on a plot in the task that built it can leave it unpainted.
      this.plot = new uPlot(this.plotOptions(data, theme), aligned, this.plotArea);
      this.builtFor = { labels, theme };
    }
  }

  /**
   * Thickens `label`'s line and fades the others; null shows all alike. A label the chart lacks is ignored.
   * Call it before `draw` in a redraw, so that a plot `draw` builds is built highlighted.
   */
  highlight(label: string | null): void {
    if (label === this.highlighted) return;
    this.highlighted = label;
    this.applyHighlight();
  }

  private applyHighlight(): void {
    const plot = this.plot;
    if (!plot) return;
    plot.series.forEach((series, index) => {
      if (index > 0) Object.assign(series, this.highlightStyle(String(series.label)));
    });
    plot.redraw(false);
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
    this.colors = [
      '',
      ...data.series.map((series, index) =>
        series.depth === undefined ? theme.palette[index % theme.palette.length]! : depthColor(theme, series.depth),
      ),
    ];
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
        y: options.logY
          ? { distr: 3, log: 10, range: (_plot, min, max) => this.logRange(min, max) }
          : { range: (_plot, min, max) => this.yRange(min, max) },
      },
      axes: [
        { ...axis(options.xLabel), ...(options.integerX ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
        {
          ...axis(options.yLabel),
          size: theme.fontSize * 5,
          values: (_plot, splits) => this.tickLabels(splits, formatY),
        },
      ],
      series: [
        { label: options.xLabel, value: (_plot, x) => (x === null ? '—' : (options.formatX ?? String)(x)) },
        ...data.series.map((series, index): uPlot.Series => ({
          label: series.label,
          stroke: this.colors[index + 1],
          ...this.highlightStyle(series.label),
          ...(this.ownLines ? { paths: () => null } : {}),
          points: { show: options.showPoints ?? false },
          value: (_plot, _y, seriesIndex, dataIndex) => this.legendValue(seriesIndex, dataIndex, formatY),
        })),
      ],
      cursor: { focus: { prox: 30 }, ...(options.syncKey ? { sync: { key: options.syncKey } } : {}) },
      focus: { alpha: FADED_ALPHA },
      legend: { live: true },
      hooks: {
        drawClear: [(plot) => this.drawBand(plot, theme), (plot) => this.drawFloor(plot, theme)],
        draw: this.ownLines ? [(plot) => this.drawLines(plot)] : [],
      },
    };
  }

  private highlightStyle(label: string): Pick<uPlot.Series, 'width' | 'alpha'> {
    // A chart without the highlighted layer (the loss, epoch metrics) shows its lines as they are.
    if (this.highlighted === null || !this.rawLabels.includes(this.highlighted)) return { width: LINE_WIDTH, alpha: 1 };
    return label === this.highlighted
      ? { width: HIGHLIGHT_WIDTH, alpha: 1 }
      : { width: LINE_WIDTH, alpha: FADED_ALPHA };
  }

  /** Whole decades, and with a floor a little room below it, so lines on the floor are not cut by the plot's edge. */
  private logRange(min: number, max: number): uPlot.Range.MinMax {
    if (this.floor === null) return uPlot.rangeLog(min, max, 10, true);
    return [this.floor / FLOOR_MARGIN, uPlot.rangeLog(this.floor, max, 10, true)[1]];
  }

  /** Tick labels that tell every tick apart; on a log axis with a floor, none at or below it. */
  private tickLabels(splits: (number | null)[], formatY: FormatWithDigits): string[] {
    const ticks = splits.filter((split): split is number => split !== null);
    const labels = distinctTickLabels(ticks, formatY);
    let next = 0;
    return splits.map((split) => {
      if (split === null) return '';
      const label = labels[next++]!;
      // The floor's "0" is drawn by drawFloor: uPlot thins a log axis's ticks and may skip the floor's.
      return this.floor !== null && (split < this.floor || isFloor(split, this.floor)) ? '' : label;
    });
  }

  /** The value under the cursor as the run has it: a point on the floor was a zero or a non-finite value. */
  private legendValue(seriesIndex: number, dataIndex: number | null, formatY: FormatWithDigits): string {
    const value = dataIndex === null ? null : this.rawSeries[seriesIndex - 1]?.[dataIndex];
    if (value === null || value === undefined) return '—';
    return Number.isFinite(value) ? formatY(value, 3) : 'non-finite';
  }

  /** The y range: a fixed one, or the data's (padded) widened to keep the target band in view. */
  private yRange(min: number, max: number): uPlot.Range.MinMax {
    if (this.options.yRange) return this.options.yRange;
    const low = this.band ? Math.min(min, this.band.from) : min;
    const high = this.band ? Math.max(max, this.band.to) : max;
    return uPlot.rangeNum(low, high, 0.1, true);
  }

  /**
   * Every shown series' line, as uPlot would draw it (its width, its opacity under focus or highlight, pixel
   * aligned), inside one clip: the plot area widened by half the widest line, so a line on the edge is whole.
   * The highlighted line is drawn last, on top of the crowd.
   */
  private drawLines(plot: uPlot): void {
    const { ctx, bbox, data } = plot;
    const xs = data[0];
    if (xs.length === 0) return;
    const [first, last] = plot.series[0]?.idxs ?? [0, xs.length - 1];
    // One point beyond the visible range on each side, so lines run to the plot's edges when zoomed.
    const from = Math.max(0, first - 1);
    const to = Math.min(xs.length - 1, last + 1);
    const xPixels = new Float64Array(to + 1);
    for (let index = from; index <= to; index += 1) xPixels[index] = plot.valToPos(xs[index]!, 'x', true);
    const xAt = (index: number) => xPixels[index]!;

    const order = plot.series.map((_, index) => index).filter((index) => index > 0 && plot.series[index]!.show);
    const top = order.findIndex((index) => plot.series[index]!.label === this.highlighted);
    if (top >= 0) order.push(...order.splice(top, 1));
    const widest = Math.max(...order.map((index) => (plot.series[index]!.width ?? LINE_WIDTH) * devicePixelRatio));

    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left - widest / 2, bbox.top - widest / 2, bbox.width + widest, bbox.height + widest);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'butt';
    ctx.setLineDash([]);
    for (const index of order) {
      const series = plot.series[index]!;
      const values = data[index]!;
      const width = (series.width ?? LINE_WIDTH) * devicePixelRatio;
      // uPlot's pixel alignment: an odd width sits on the middle of a pixel, so a flat line is crisp.
      const offset = (width % 2) / 2;
      ctx.globalAlpha = series.alpha ?? 1;
      ctx.strokeStyle = this.colors[index] ?? '';
      ctx.lineWidth = width;
      ctx.beginPath();
      traceByPixelColumn(
        from,
        to,
        xAt,
        (row) => {
          const value = values[row];
          return value === null || value === undefined ? Number.NaN : plot.valToPos(value, 'y', true);
        },
        {
          moveTo: (x, y) => ctx.moveTo(x + offset, Math.round(y) + offset),
          lineTo: (x, y) => ctx.lineTo(x + offset, Math.round(y) + offset),
        },
      );
      ctx.stroke();
    }
    ctx.restore();
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

  /**
   * The floor for zeros and non-finite values on a log axis: a dashed line, so a dead layer's line reads as on
   * it, labelled "0" where the axis labels its ticks.
   */
  private drawFloor(plot: uPlot, theme: ChartTheme): void {
    if (this.floor === null) return;
    const { ctx, bbox } = plot;
    const y = plot.valToPos(this.floor, 'y', true);
    ctx.save();
    ctx.strokeStyle = theme.foreground;
    ctx.fillStyle = theme.foreground;
    ctx.globalAlpha = 0.6;
    ctx.lineWidth = devicePixelRatio;
    ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.font = theme.font.replace(/^[\d.]+px/, (size) => `${Number.parseFloat(size) * devicePixelRatio}px`);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText('0', bbox.left - AXIS_LABEL_OFFSET * devicePixelRatio, y);
    ctx.restore();
  }
}

/** Values to plot (not gaps); a loop, not filter(), as this runs on every redraw over every series. */
function countValues(data: ChartData): number {
  let count = 0;
  for (const series of data.series) for (const value of series.values) if (value !== null) count += 1;
  return count;
}
