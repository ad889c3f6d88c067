/** How numbers read wherever ActLens shows them (messages, terminal, panel, tables): short, and never "0" for a tiny gradient. */
import type { SourceLocation, StartEvent, WarmupEvent } from './events.ts';

/**
 * `digits` significant digits (3 by default; a comparison table wants 4 to tell 1.362 from 1.386), without
 * trailing zeros; scientific notation outside [0.001, 100000) with one digit fewer, e.g. 3.2e-7, 1.2e5.
 */
export function formatNumber(value: number, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(Math.max(0, digits - 2)).replace('e+', 'e');
  return String(Number(value.toPrecision(digits)));
}

/**
 * A change from one number to another, each with as many significant digits as it takes (at least `digits`) to
 * tell them apart: "0.08333 → 0.08334", never "0.0833 → 0.0833" for numbers that differ.
 */
export function formatChange(from: number, to: number, digits = 3): [string, string] {
  let pair: [string, string] = [formatNumber(from, digits), formatNumber(to, digits)];
  // 17 significant digits tell any two different doubles apart (scientific notation shows digits − 1).
  for (let precision = digits + 1; pair[0] === pair[1] && from !== to && precision <= 18; precision++)
    pair = [formatNumber(from, precision), formatNumber(to, precision)];
  return pair;
}

/** A share as a whole percent, e.g. 0.4375 → "44%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "28 of 64 units (44%)". */
export function formatShare(count: number, total: number, noun: string): string {
  return `${count} of ${total} ${noun} (${formatPercent(total === 0 ? 0 : count / total)})`;
}

/** The file's name without its folders: the panel is narrow, and the full path is in the tooltip. */
export function fileName(file: string): string {
  return file.split(/[\\/]/).at(-1) || file;
}

/** "model.js:11". */
export function sourceLabel(source: SourceLocation): string {
  return `${fileName(source.file)}:${source.line}`;
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatElapsed(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "12.5 steps/s", "0.3 steps/s". */
export function formatRate(stepsPerSecond: number): string {
  return `${stepsPerSecond >= 100 ? Math.round(stepsPerSecond) : stepsPerSecond.toFixed(1)} steps/s`;
}

/** "warm-up 15.2 s (2 steps compiling GPU kernels)": time that is the backend's, not the model's. */
export function formatWarmup(warmup: WarmupEvent): string {
  const seconds = warmup.ms >= 10_000 ? Math.round(warmup.ms / 1000) : Number((warmup.ms / 1000).toFixed(1));
  return `warm-up ${seconds} s (${warmup.steps} step${warmup.steps === 1 ? '' : 's'} compiling GPU kernels)`;
}

/** "0.7 %", "12 %": a share as a percentage with at most two significant digits below 10 %. */
export function formatPercentShare(share: number): string {
  const percent = share * 100;
  return `${percent >= 10 ? Math.round(percent) : Number(percent.toPrecision(2))} %`;
}

/** "ActLens overhead: 0.7 % of training time (budget 1 %)"; null before any window has reported its cost. */
export function overheadLine(state: {
  overheadShare: number | null;
  start: Pick<StartEvent, 'overheadBudget'> | null;
}): string | null {
  if (state.overheadShare === null) return null;
  const budget = state.start?.overheadBudget;
  return `ActLens overhead: ${formatPercentShare(state.overheadShare)} of training time${budget ? ` (budget ${formatPercentShare(budget)})` : ''}`;
}

/** "wasm"; on a GPU, which one: "webgpu on NVIDIA H200 (nvidia, hopper)", "webgpu on llvmpipe (…) (mesa, software GPU)". */
export function backendLabel(start: Pick<StartEvent, 'backend' | 'adapter'>): string {
  const adapter = start.adapter;
  if (!adapter) return start.backend;
  const kind = adapter.software ? 'software GPU' : adapter.architecture;
  const details = [adapter.vendor, kind].filter(Boolean).join(', ');
  return `${start.backend} on ${adapter.name}${details ? ` (${details})` : ''}`;
}
