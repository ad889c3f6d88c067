/** What `actlens run` prints: a live progress line, the layer table, the findings, the outcome. */
import * as path from 'node:path';
import { chainLinks, type Finding } from '../core/findings.ts';
import { backendLabel, formatNumber, formatPercent, formatRate, formatWarmup, overheadLine } from '../core/format.ts';
import type { RunState } from '../core/run-state.ts';
import { printable, printableName } from './terminal-text.ts';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
export const dim = paint(2);
export const bold = paint(1);
const red = paint(31);
const yellow = paint(33);
const cyan = paint(36);

export function progressLine(state: RunState): string {
  const parts = [`step ${state.steps}`];
  if (state.loss !== null) parts.push(`loss ${formatNumber(state.loss)}`);
  const rate = state.stepsPerSecond;
  if (rate !== null) parts.push(formatRate(rate));
  if (state.start) parts.push(state.start.backend);
  return parts.join(' · ');
}

/** "Speed: 850 steps/s on webgpu on NVIDIA H200 (nvidia, hopper), after warm-up 3.1 s (2 steps compiling GPU kernels)". */
export function speedLine(state: RunState): string | null {
  const rate = state.stepsPerSecond;
  if (!state.start || rate === null) return null;
  const warmup = state.warmup ? `, after ${formatWarmup(state.warmup)}` : '';
  return `Speed: ${formatRate(rate)} on ${backendLabel(state.start)}${warmup}`;
}

/** "ActLens overhead: 0.7 % of training time (budget 1 %); start-up 420 ms to the script's first line". */
export function costLine(state: RunState): string | null {
  const overhead = overheadLine(state);
  const startup = state.start?.startupMs;
  const parts = [overhead, startup === undefined ? null : `start-up ${startup} ms to the script's first line`];
  return parts.filter(Boolean).join('; ') || null;
}

export function layerTable(state: RunState, cwd: string): string {
  const header = ['layer', 'activation', 'source', 'dead %', 'grad norm', 'mean', 'std'];
  const rows = state
    .orderedLayers()
    .map(({ layer, deadFraction, gradientNorm, mean, std }) => [
      printableName(layer.name),
      printableName(layer.activation ?? '—'),
      layer.source
        ? `${printableName(path.relative(cwd, layer.source.file) || path.basename(layer.source.file))}:${layer.source.line}`
        : '—',
      deadFraction === null ? '—' : formatPercent(deadFraction),
      gradientNorm === null ? '—' : formatNumber(gradientNorm),
      mean === null ? '—' : formatNumber(mean),
      std === null ? '—' : formatNumber(std),
    ]);
  if (rows.length === 0) return '';
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [bold(format(header)), ...rows.map(format)].join('\n');
}

export function findingLines(findings: Finding[], cwd: string): string {
  return findings
    .map((finding) => {
      const where = finding.source
        ? `${printableName(path.relative(cwd, finding.source.file) || finding.source.file)}:${finding.source.line}:${finding.source.column}`
        : '(model)';
      const severity =
        finding.severity === 'error'
          ? red('error  ')
          : finding.severity === 'warning'
            ? yellow('warning')
            : cyan('info   ');
      const cause = finding.cause ? `\n    ${dim(`cause: ${printable(finding.cause.because)}`)}` : '';
      const chain = chainLines(finding, cwd);
      const fix = finding.fixes[0] ? `\n    ${dim(`fix: ${printable(finding.fixes[0].title)}`)}` : '';
      return `${where}  ${severity}  ${printable(finding.message)} ${dim(`[${finding.kind}]`)}${cause}${chain}${fix}`;
    })
    .join('\n');
}

/** A diverged run's chain, one link per line at its own location, in the order it happened. */
function chainLines(finding: Finding, cwd: string): string {
  return chainLinks(finding)
    .map(({ text, source }) => {
      const at = source ? `${printableName(path.relative(cwd, source.file) || source.file)}:${source.line}  ` : '';
      return `\n    ${dim(`→ ${at}${printable(text)}`)}`;
    })
    .join('');
}

/** The line under the findings when comments took some out, e.g. "2 findings suppressed by actlens-disable comments." */
export function suppressedLine(count: number): string {
  return count === 1
    ? '1 finding suppressed by an actlens-disable comment.'
    : `${count} findings suppressed by actlens-disable comments.`;
}
