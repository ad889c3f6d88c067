/**
 * The colours and font the canvas-drawn parts (uPlot charts, the heat map, the compare view's strips) need.
 * HTML parts style themselves with `--vscode-*` CSS variables; a canvas cannot, so these are read from the
 * same variables and read again whenever VS Code switches theme or font size.
 */
export interface ChartTheme {
  foreground: string;
  /** What the canvas is drawn over: outlines in it keep overlapping marks apart. */
  background: string;
  grid: string;
  /** Series colours, cycled when there are more series than colours (metrics, not layers). */
  palette: string[];
  /** Layer colours from input to output (see `depthColor`): with a dozen layers a cycled palette repeats. */
  depthRamp: Rgb[];
  /** The fill behind a target band (the SELU fixed point). */
  band: string;
  alive: string;
  dead: string;
  /** A candidate significantly better or worse than the baseline (the compare view). */
  better: string;
  worse: string;
  /** A CSS font for canvas text, matching the panel's. */
  font: string;
  fontSize: number;
}

export type Rgb = [number, number, number];

const PALETTE_VARIABLES = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map(
  (name) => `--vscode-charts-${name}`,
);
/** Dark to light, cool to warm, like the plasma colour map: neighbouring depths get neighbouring hues. */
const DEPTH_RAMP_VARIABLES = ['blue', 'purple', 'red', 'orange', 'yellow'].map((name) => `--vscode-charts-${name}`);

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const variable = (name: string) => style.getPropertyValue(name).trim();
  const foreground = variable('--vscode-charts-foreground') || style.color;
  const fontSize = Number.parseFloat(style.fontSize) || 13;
  return {
    foreground,
    background: variable('--vscode-editor-background') || 'transparent',
    grid: variable('--vscode-charts-lines') || foreground,
    palette: PALETTE_VARIABLES.map(variable).map((color) => color || foreground),
    depthRamp: DEPTH_RAMP_VARIABLES.map(variable).map((color) => toRgb(color || foreground)),
    band: variable('--vscode-charts-green') || foreground,
    alive: variable('--vscode-charts-blue') || foreground,
    dead: variable('--vscode-charts-red') || foreground,
    better: variable('--vscode-charts-green') || foreground,
    worse: variable('--vscode-charts-red') || foreground,
    font: `${fontSize}px ${style.fontFamily}`,
    fontSize,
  };
}

/** The colour of a layer at `depth` (0 = input, 1 = output) along the theme's ramp. */
export function depthColor(theme: ChartTheme, depth: number): string {
  const ramp = theme.depthRamp;
  const position = Math.min(1, Math.max(0, depth)) * (ramp.length - 1);
  const index = Math.min(ramp.length - 2, Math.floor(position));
  const from = ramp[index]!;
  const to = ramp[index + 1] ?? from;
  const share = position - index;
  const [red, green, blue] = from.map((channel, at) => Math.round(channel + (to[at]! - channel) * share));
  return `rgb(${red}, ${green}, ${blue})`;
}

/** Any CSS colour as RGB, by letting a canvas parse it. */
export function toRgb(color: string): Rgb {
  const context = document.createElement('canvas').getContext('2d')!;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [red, green, blue] = context.getImageData(0, 0, 1, 1).data;
  return [red!, green!, blue!];
}

/**
 * Calls `onChange` after VS Code changes theme: it rewrites the variables in the root element's style
 * attribute and the theme class on the body. The report follows the OS colour scheme instead.
 */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', onChange);
}
