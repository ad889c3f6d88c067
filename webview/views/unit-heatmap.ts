/**
 * Units × time for one ReLU-family layer: a row per unit, a column per window (or merged windows), dead
 * cells in the theme's red and alive ones in its blue, so units that die — and stay dead — read as
 * horizontal red streaks. Drawn on a canvas: thousands of cells would be too many DOM nodes.
 */
import type { LayerSnapshot } from '../../src/core/run-state.ts';
import { h, setText } from '../dom.ts';
import type { RunModel } from '../run-model.ts';
import { toRgb, type ChartTheme, type Rgb } from '../theme.ts';
import type { UnitTimeline } from '../unit-timeline.ts';

/** CSS pixels per unit row, within bounds so that 4 units and 4,096 units both make a readable picture. */
const ROW_HEIGHT = 3;
const MIN_HEIGHT = 48;
const MAX_HEIGHT = 256;

export class UnitHeatmap {
  readonly element: HTMLElement;
  private readonly picker: HTMLSelectElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLParagraphElement;
  private readonly emptyNote: HTMLParagraphElement;
  private drawn: { timeline: UnitTimeline; revision: number; theme: ChartTheme; width: number } | null = null;
  /** The theme's alive and dead colours as RGB, parsed once per theme. */
  private colors: { theme: ChartTheme; alive: Rgb; dead: Rgb } | null = null;
  /** One pixel per cell, scaled up onto the visible canvas. */
  private readonly cells = document.createElement('canvas');
  /** The last draw's arguments, to repaint at a new width. */
  private lastDraw: Parameters<UnitHeatmap['draw']> | null = null;
  /** The canvas's CSS width, as the resize observer last reported it: reading it during a redraw would force a layout. */
  private width = 0;

  constructor(onSelect: (layer: string) => void) {
    this.picker = h('select', { 'aria-label': 'Layer shown in the heat map' });
    this.picker.addEventListener('change', () => onSelect(this.picker.value));
    this.canvas = h('canvas', { role: 'img' });
    this.caption = h('p', { class: 'heatmap-caption' });
    this.emptyNote = h(
      'p',
      { class: 'empty' },
      'Per-unit activity appears for ReLU-family layers once the first window is read back.',
    );
    this.element = h(
      'figure',
      { class: 'chart heatmap', id: 'chart-units' },
      h('figcaption', {}, 'Units over time: ', this.picker),
      this.canvas,
      this.caption,
      this.emptyNote,
    );
    new ResizeObserver(([entry]) => {
      this.width = entry?.contentRect.width ?? 0;
      if (this.lastDraw) this.draw(...this.lastDraw);
    }).observe(this.canvas);
  }

  /** Draws the timeline of `layer`, or, until the user picks one, of the layer with the most dead units. */
  draw(model: RunModel, layer: string | null, theme: ChartTheme): void {
    this.lastDraw = [model, layer, theme];
    const snapshots = model.latest.orderedLayers().filter((snapshot) => model.unitTimelines.has(snapshot.layer.name));
    const layers = snapshots.map((snapshot) => snapshot.layer.name);
    const shown = layer !== null && layers.includes(layer) ? layer : mostDead(snapshots)?.layer.name;
    this.updatePicker(layers, shown);
    const timeline = shown === undefined ? undefined : model.unitTimelines.get(shown);
    const empty = !timeline || timeline.columns.length === 0;
    this.emptyNote.hidden = !empty;
    this.canvas.hidden = empty;
    this.caption.hidden = empty;
    if (!timeline || empty) return;

    // The canvas is as wide as the figure (CSS); its backing store follows in device pixels.
    const { drawn, width } = this;
    if (
      drawn &&
      drawn.timeline === timeline &&
      drawn.revision === timeline.revision &&
      drawn.theme === theme &&
      drawn.width === width
    )
      return;
    this.paint(timeline, theme, width);
    this.drawn = { timeline, revision: timeline.revision, theme, width };
  }

  private updatePicker(layers: string[], shown: string | undefined): void {
    const options = Array.from(this.picker.options, (option) => option.value);
    if (options.join('\n') !== layers.join('\n'))
      this.picker.replaceChildren(...layers.map((name) => h('option', { value: name }, name)));
    if (shown !== undefined && this.picker.value !== shown) this.picker.value = shown;
    this.picker.disabled = layers.length < 2;
  }

  private paint(timeline: UnitTimeline, theme: ChartTheme, width: number): void {
    const columns = timeline.columns;
    const { units } = timeline;
    // One image pixel per cell, scaled up without smoothing: crisp cells at any size.
    const image = new ImageData(columns.length, units);
    if (this.colors?.theme !== theme) this.colors = { theme, alive: toRgb(theme.alive), dead: toRgb(theme.dead) };
    const { alive, dead } = this.colors;
    columns.forEach((column, x) => {
      for (let unit = 0; unit < units; unit += 1) {
        const share = column.alive[unit]!;
        const offset = (unit * columns.length + x) * 4;
        for (let channel = 0; channel < 3; channel += 1)
          image.data[offset + channel] = dead[channel]! + (alive[channel]! - dead[channel]!) * share;
        image.data[offset + 3] = 255;
      }
    });
    const { cells } = this;
    cells.width = columns.length;
    cells.height = units;
    cells.getContext('2d')!.putImageData(image, 0, 0);

    const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, units * ROW_HEIGHT));
    this.canvas.width = Math.round(width * devicePixelRatio);
    this.canvas.height = Math.round(height * devicePixelRatio);
    this.canvas.style.height = `${height}px`;
    const context = this.canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(cells, 0, 0, this.canvas.width, this.canvas.height);

    const first = columns[0]!;
    const last = columns.at(-1)!;
    const deadNow = [...last.alive].filter((share) => share === 0).length;
    const summary = `${units} units (rows) × steps ${first.fromStep}–${last.toStep} (columns); ${deadNow} dead in the latest column. Red: dead, blue: alive.`;
    setText(this.caption, summary);
    this.canvas.setAttribute('aria-label', summary);
  }
}

/** The first layer with the largest share of dead units. */
function mostDead(snapshots: LayerSnapshot[]): LayerSnapshot | undefined {
  let worst = snapshots[0];
  for (const snapshot of snapshots) if ((snapshot.deadFraction ?? 0) > (worst?.deadFraction ?? 0)) worst = snapshot;
  return worst;
}
