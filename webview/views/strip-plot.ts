/**
 * One candidate of a comparison on canvas: a dot per seed, a box over the quartiles with the median, and the
 * 95 % confidence interval of the mean as a bar below it — over the baseline's interval and mean, drawn
 * faintly behind every strip, so that "does it overlap the baseline?" reads at a glance down the rows.
 * Every strip and the axis under them share one LinearScale.
 */
import { formatNumber } from '../../src/core/format.ts';
import type { LinearScale } from '../linear-scale.ts';
import type { ChartTheme } from '../theme.ts';

export interface Strip {
  values: readonly number[];
  mean: number;
  ci95: readonly [number, number];
}

export interface PlotSize {
  width: number;
  height: number;
}

const DOT_RADIUS = 3.5;
/** CSS pixels a strip takes, centred in its row however tall the row's text makes it. */
const STRIP_HEIGHT = 36;
/** Share of the strip the box spans (top, bottom); the interval bar goes below it. */
const BOX = [0.14, 0.62] as const;
const INTERVAL_AT = 0.82;
/** CSS pixels at least between two axis labels. */
const LABEL_GAP = 6;

export function paintStrip(
  canvas: HTMLCanvasElement,
  size: PlotSize,
  scale: LinearScale,
  strip: Strip,
  baseline: Strip | null,
  colour: string,
  theme: ChartTheme,
): void {
  const context = prepare(canvas, size);
  const x = (value: number) => scale.toX(value, size.width);
  const { height } = size;
  paintGrid(context, size, scale, theme);
  if (baseline) {
    context.globalAlpha = 0.1;
    context.fillStyle = theme.foreground;
    context.fillRect(x(baseline.ci95[0]), 0, x(baseline.ci95[1]) - x(baseline.ci95[0]), height);
    context.globalAlpha = 0.5;
    context.strokeStyle = theme.foreground;
    context.setLineDash([3, 3]);
    line(context, x(baseline.mean), 0, x(baseline.mean), height);
    context.setLineDash([]);
    context.globalAlpha = 1;
  }

  const [q1, median, q3] = quartiles(strip.values);
  const stripHeight = Math.min(height, STRIP_HEIGHT);
  const stripTop = (height - stripHeight) / 2;
  const top = stripTop + stripHeight * BOX[0];
  const bottom = stripTop + stripHeight * BOX[1];
  context.strokeStyle = colour;
  context.fillStyle = colour;
  context.lineWidth = 1.5;
  context.globalAlpha = 0.18;
  context.fillRect(x(q1), top, x(q3) - x(q1), bottom - top);
  context.globalAlpha = 1;
  context.strokeRect(x(q1), top, Math.max(1, x(q3) - x(q1)), bottom - top);
  context.lineWidth = 2.5;
  line(context, x(median), top, x(median), bottom);

  // The interval: a bar with end caps, and the mean on it as a diamond.
  const y = stripTop + stripHeight * INTERVAL_AT;
  context.lineWidth = 2.5;
  line(context, x(strip.ci95[0]), y, x(strip.ci95[1]), y);
  context.lineWidth = 1.5;
  for (const end of strip.ci95) line(context, x(end), y - 4, x(end), y + 4);
  diamond(context, x(strip.mean), y, 4.5, theme.background);

  // Dots spread over the box's height in a fixed pattern (the golden ratio's), so that equal values stay
  // countable and the picture is the same every time.
  context.lineWidth = 1;
  context.strokeStyle = theme.background;
  strip.values.forEach((value, index) => {
    const spread = 0.15 + 0.7 * ((index * 0.618034) % 1);
    context.beginPath();
    context.arc(x(value), top + (bottom - top) * spread, DOT_RADIUS, 0, Math.PI * 2);
    context.fill();
    context.stroke();
  });
}

/** Tick marks and round values under the strips, with the same grid lines. */
export function paintAxis(canvas: HTMLCanvasElement, size: PlotSize, scale: LinearScale, theme: ChartTheme): void {
  const context = prepare(canvas, size);
  paintGrid(context, { width: size.width, height: 4 }, scale, theme);
  context.fillStyle = theme.foreground;
  context.font = theme.font;
  context.textBaseline = 'top';
  let freeFrom = -Infinity;
  for (const tick of scale.ticks) {
    const label = formatNumber(tick);
    const width = context.measureText(label).width;
    // Centred under its tick, never cut off at either end, and left out where it would overlap the one before (a narrow panel).
    const left = Math.min(Math.max(0, scale.toX(tick, size.width) - width / 2), size.width - width);
    if (left < freeFrom) continue;
    context.fillText(label, left, 6);
    freeFrom = left + width + LABEL_GAP;
  }
}

function paintGrid(context: CanvasRenderingContext2D, size: PlotSize, scale: LinearScale, theme: ChartTheme): void {
  context.strokeStyle = theme.grid;
  context.globalAlpha = 0.4;
  context.lineWidth = 1;
  for (const tick of scale.ticks) {
    // On the pixel grid, so a 1-pixel line stays sharp.
    const x = Math.round(scale.toX(tick, size.width)) + 0.5;
    line(context, x, 0, x, size.height);
  }
  context.globalAlpha = 1;
}

/** Sizes the canvas's backing store in device pixels for `size` in CSS pixels, cleared, drawing in CSS pixels. */
function prepare(canvas: HTMLCanvasElement, size: PlotSize): CanvasRenderingContext2D {
  const ratio = devicePixelRatio || 1;
  canvas.width = Math.round(size.width * ratio);
  canvas.height = Math.round(size.height * ratio);
  const context = canvas.getContext('2d')!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, size.width, size.height);
  return context;
}

function line(context: CanvasRenderingContext2D, x1: number, y1: number, x2: number, y2: number): void {
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x2, y2);
  context.stroke();
}

/** A filled diamond in the current fill colour, outlined in `outline` so it stands out on the bar. */
function diamond(context: CanvasRenderingContext2D, x: number, y: number, radius: number, outline: string): void {
  context.beginPath();
  context.moveTo(x, y - radius);
  context.lineTo(x + radius, y);
  context.lineTo(x, y + radius);
  context.lineTo(x - radius, y);
  context.closePath();
  context.fill();
  context.strokeStyle = outline;
  context.lineWidth = 1;
  context.stroke();
}

/** Lower quartile, median, upper quartile, interpolating between order statistics (R's type 7, numpy's default). */
function quartiles(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.ceil(position);
    return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
  };
  return [at(0.25), at(0.5), at(0.75)];
}
