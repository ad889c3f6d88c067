/**
 * What the editor shows of each layer at the line that built it: one short phrase of its latest figures
 * ("dead 100% · ‖g‖ 3e-9", "mean 1.05 · std 2.97"), and for the hover a sparkline of each figure over the run,
 * from a bounded per-layer history folded from the run's window events.
 */
import { formatNumber, formatPercent } from '../src/core/format.ts';
import type { FindingKind } from '../src/core/findings.ts';
import { deadShare, layerGradientNorms, outputStd } from '../src/core/layer-statistics.ts';
import type { LayerSnapshot } from '../src/core/run-state.ts';
import type { RunView } from './run-view.ts';

/** Values kept per layer: enough for a sparkline's shape, bounded however long the run. */
export const HISTORY_LENGTH = 64;

/** One window's figures for one layer; null where the window said nothing of it. */
export interface LayerPoint {
  /** The window's last step. */
  step: number;
  gradientNorm: number | null;
  /** Share of units never active in this window alone (ReLU family); noisier than the detector's evidence windows. */
  deadShare: number | null;
  mean: number | null;
  std: number | null;
}

/**
 * The last HISTORY_LENGTH window points of each layer of one run, folded incrementally from the run's events:
 * `sync` reads only what arrived since the last call, and starts over for another run or when the run's
 * bounded event list dropped older events (its revision changed).
 */
export class RunHistory {
  private runId: string | undefined;
  private revision = -1;
  private position = 0;
  private readonly layers = new Map<string, LayerPoint[]>();

  constructor(private readonly limit = HISTORY_LENGTH) {}

  sync(view: Pick<RunView, 'id' | 'events' | 'eventsRevision'>): void {
    const { events } = view;
    if (view.id !== this.runId || view.eventsRevision !== this.revision || events.length < this.position) {
      this.runId = view.id;
      this.revision = view.eventsRevision;
      this.position = 0;
      this.layers.clear();
    }
    for (; this.position < events.length; this.position++) {
      const event = events[this.position]!;
      if (event.type !== 'window') continue;
      const points = new Map<string, LayerPoint>();
      const point = (layer: string): LayerPoint => {
        let found = points.get(layer);
        if (!found) {
          found = { step: event.toStep, gradientNorm: null, deadShare: null, mean: null, std: null };
          points.set(layer, found);
        }
        return found;
      };
      for (const [layer, norms] of layerGradientNorms(event)) {
        const last = [...norms].reverse().find((norm) => norm !== null);
        if (last !== undefined && last !== null) point(layer).gradientNorm = last;
      }
      for (const stats of event.activations) {
        if (stats.mean === null) continue;
        const at = point(stats.layer);
        at.mean = stats.mean;
        at.std = outputStd(stats);
        at.deadShare = deadShare(stats);
      }
      for (const [layer, at] of points) this.add(layer, at);
    }
  }

  /** The layer's points, oldest first. */
  of(layer: string): readonly LayerPoint[] {
    return this.layers.get(layer) ?? [];
  }

  private add(layer: string, point: LayerPoint): void {
    let points = this.layers.get(layer);
    if (!points) this.layers.set(layer, (points = []));
    points.push(point);
    if (points.length > this.limit) points.splice(0, points.length - this.limit);
  }
}

type Figures = Pick<LayerSnapshot, 'deadFraction' | 'gradientNorm' | 'mean' | 'std' | 'saturated'>;

/** A figure as short as it reads: 3 significant digits, no ".0" in scientific notation ("3e-9", "2.5e-7", "0.05"). */
export function shortNumber(value: number): string {
  return formatNumber(value).replace(/\.0+e/, 'e');
}

/**
 * The layer's latest figures as one short phrase, the ones its findings are about first: dead share and gradient
 * norm for dead units, the gradient norm for vanishing or exploding gradients, mean and spread for drift, the
 * saturated share for saturation. Undefined while nothing is known of the layer.
 */
export function evidencePhrase(snapshot: Figures, kinds: ReadonlySet<FindingKind> = new Set()): string | undefined {
  const dead = snapshot.deadFraction === null ? undefined : `dead ${formatPercent(snapshot.deadFraction)}`;
  const gradient = snapshot.gradientNorm === null ? undefined : `‖g‖ ${shortNumber(snapshot.gradientNorm)}`;
  const spread =
    snapshot.mean === null || snapshot.std === null
      ? undefined
      : `mean ${shortNumber(snapshot.mean)} · std ${shortNumber(snapshot.std)}`;
  const saturated = snapshot.saturated === null ? undefined : `saturated ${formatPercent(snapshot.saturated)}`;
  let parts: Array<string | undefined>;
  if (kinds.has('dead-units')) parts = [dead, gradient];
  else if (kinds.has('vanishing-gradient') || kinds.has('exploding-gradient')) parts = [gradient, dead ?? saturated];
  else if (kinds.has('saturation')) parts = [saturated, gradient];
  else if (kinds.has('activation-drift')) parts = [spread, gradient];
  // Nothing wrong (yet): what tells this kind of layer apart — its dead share (ReLU family), its saturated share
  // (sigmoid/tanh), else its output's mean and spread — and its gradient.
  else parts = [dead ?? saturated, gradient, dead === undefined && saturated === undefined ? spread : undefined];
  const shown = parts.filter((part) => part !== undefined);
  return shown.length > 0 ? shown.join(' · ') : undefined;
}

const BLOCKS = '▁▂▃▄▅▆▇█';
/** A value the series does not have (a window without it, a non-finite figure). */
const GAP = '·';

/**
 * A unicode block sparkline, one character per value. `share`: 0 … 1 on a fixed scale (100% dead is always
 * the full block); `log`: from the smallest to the largest positive value on a log scale (gradient norms span
 * orders of magnitude); `linear`: from the smallest to the largest value. A flat series sits in the middle.
 */
export function sparkline(values: readonly (number | null)[], scale: 'share' | 'log' | 'linear'): string {
  const usable = (value: number | null): value is number =>
    value !== null && Number.isFinite(value) && (scale !== 'log' || value > 0);
  const level = (fraction: number) => BLOCKS[Math.round(Math.min(1, Math.max(0, fraction)) * (BLOCKS.length - 1))]!;
  if (scale === 'share') return values.map((value) => (usable(value) ? level(value) : GAP)).join('');
  const transform = scale === 'log' ? Math.log10 : (value: number) => value;
  const known = values.filter(usable).map(transform);
  const low = Math.min(...known);
  const high = Math.max(...known);
  return values
    .map((value) => {
      if (!usable(value)) return scale === 'log' && value === 0 ? BLOCKS[0]! : GAP;
      return high - low < 1e-12 ? BLOCKS[3]! : level((transform(value) - low) / (high - low));
    })
    .join('');
}

/** One figure's row of the hover: its sparkline and where it went, e.g. "‖g‖ `▆▄▂▁` 0.21 → 3e-9". */
export function sparklineRow(
  label: string,
  values: readonly (number | null)[],
  scale: 'share' | 'log' | 'linear',
  format: (value: number) => string,
): string | undefined {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return undefined;
  const first = format(known[0]!);
  const last = format(known.at(-1)!);
  return `${label} \`${sparkline(values, scale)}\` ${known.length === 1 || first === last ? last : `${first} → ${last}`}`;
}

/** The rows of a layer's hover, for the figures it has: gradient norm, dead share, mean, spread. */
export function historyRows(points: readonly LayerPoint[]): string[] {
  const series = <K extends keyof LayerPoint>(key: K) => points.map((point) => point[key] as number | null);
  return [
    sparklineRow('‖g‖', series('gradientNorm'), 'log', shortNumber),
    sparklineRow('dead', series('deadShare'), 'share', formatPercent),
    sparklineRow('mean', series('mean'), 'linear', shortNumber),
    sparklineRow('std', series('std'), 'linear', shortNumber),
  ].filter((row) => row !== undefined);
}
