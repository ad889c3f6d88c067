/**
 * What in a window makes the sampling plan watch every step again: the early signs the detectors build on, checked
 * cheaply on numbers the window already holds. Loose, but not on noise: a false alarm costs two dense windows — much
 * of a tight budget — and a sparse plan's windows hold a step or two. So a rise seen on fewer than NORM_STEPS steps
 * must show in the next window too; the loss (read at every step) is compared by its median; and a dead share measured
 * on fewer samples than the dead-units detector wants — which always reads a little higher, units silent by chance —
 * must grow by THIN_DEAD_SHARE_GROWTH to count.
 */
import type { WindowEvent } from '../../core/events.ts';
import { deadShare, layerGradientNorms } from '../../core/layer-statistics.ts';
import { DEFAULT_THRESHOLDS } from '../../core/default-thresholds.ts';

/** A layer's median gradient norm this many times its level before is a rising norm (per-step norms are noisy). */
const RISING_NORM = 4;
/** The window's median loss this many times the previous window's is a rising loss. */
const RISING_LOSS = 1.5;
/** A ReLU layer's never-active share growing by this much from its level before, on enough samples. */
const GROWING_DEAD_SHARE = 0.05;
/** The growth that counts on fewer samples (a unit active for 5 % of inputs is silent in 64 of them 4 % of the time). */
const THIN_DEAD_SHARE_GROWTH = 0.2;
/** Samples a dead share is measured on for GROWING_DEAD_SHARE to count: the dead-units detector's own minimum. */
const DEAD_SHARE_SAMPLES = DEFAULT_THRESHOLDS.deadUnitsMinSamples;
/** Watched steps whose median norm is evidence by itself; fewer must rise in two windows running. */
const NORM_STEPS = 3;

/** A layer's norm level, and whether the last window rose above it on evidence too thin to alarm at once. */
interface NormLevel {
  reference: number;
  risen: boolean;
}

export class TroubleWatch {
  private readonly norms = new Map<string, NormLevel>();
  private loss: number | null = null;
  /** Per layer: the dead share of the latest window measured on enough samples. */
  private readonly deadShares = new Map<string, number>();

  /** Why `window` (the next in order) looks like trouble; null when it does not. */
  check(window: WindowEvent): string | null {
    let alarm: string | null = window.nonFinite.length > 0 ? 'a non-finite value' : null;
    for (const [layer, norms] of layerGradientNorms(window)) {
      const finite = norms.filter((norm): norm is number => norm !== null && norm > 0);
      if (finite.length > 0 && this.normRose(layer, median(finite), finite.length >= NORM_STEPS))
        alarm ??= `a rising gradient norm (${layer})`;
    }
    const losses = window.loss.filter((loss): loss is number => loss !== null);
    const loss = losses.length > 0 ? median(losses) : null;
    if (loss !== null && this.loss !== null && this.loss > 0 && loss > RISING_LOSS * this.loss)
      alarm ??= 'a rising loss';
    if (loss !== null) this.loss = loss;
    for (const stats of window.activations) {
      const dead = deadShare(stats);
      if (dead === null) continue;
      const enough = stats.samples >= DEAD_SHARE_SAMPLES;
      const before = this.deadShares.get(stats.layer);
      if (enough) this.deadShares.set(stats.layer, dead);
      if (before !== undefined && dead > before + (enough ? GROWING_DEAD_SHARE : THIN_DEAD_SHARE_GROWTH))
        alarm ??= `a growing dead share (${stats.layer})`;
    }
    return alarm;
  }

  /** Whether the layer's norm rose above its level, on enough steps or in two windows running; updates the level. */
  private normRose(layer: string, norm: number, enough: boolean): boolean {
    const level = this.norms.get(layer);
    const rises = level !== undefined && norm > RISING_NORM * level.reference;
    if (rises && !enough && !level.risen) {
      // Kept at the level it rose from, for the next window to confirm.
      this.norms.set(layer, { reference: level.reference, risen: true });
      return false;
    }
    this.norms.set(layer, { reference: norm, risen: false });
    return rises;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
