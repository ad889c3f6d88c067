/** How the panel words paths, durations and rates (numbers themselves use the analysis's formatNumber). */
import type { SourceLocation } from '../src/protocol/events.ts';

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
