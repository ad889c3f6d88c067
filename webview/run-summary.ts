/** The run as plain text, for "Copy summary": something to paste into an issue or a chat. */
import { backendLabel, formatNumber, formatPercent, sourceLabel } from '../src/core/format.ts';
import { worstFirst } from './layer-findings.ts';
import type { RunModel } from './run-model.ts';

export function runSummary(model: RunModel): string {
  const { latest } = model;
  const lines = [`ActLens — ${latest.start?.script ?? model.title}`, model.state.message];
  if (latest.start)
    lines.push(
      `backend ${backendLabel(latest.start)} · tfjs ${latest.start.tfjs.version} · seed ${latest.start.seed} · ${latest.steps} steps`,
    );
  lines.push('', 'Layers:');
  for (const { layer, deadFraction, gradientNorm, mean, std } of latest.orderedLayers()) {
    const stats = [
      deadFraction === null ? null : `dead ${formatPercent(deadFraction)}`,
      gradientNorm === null ? null : `grad ${formatNumber(gradientNorm)}`,
      mean === null ? null : `mean ${formatNumber(mean)}`,
      std === null ? null : `std ${formatNumber(std)}`,
    ].filter((stat) => stat !== null);
    const where = layer.source ? ` (${sourceLabel(layer.source)})` : '';
    lines.push(
      `- ${layer.name} ${layer.className} ${layer.activation ?? ''}${where}: ${stats.join(', ') || 'no statistics yet'}`,
    );
  }
  const findings = [...model.findings].sort(worstFirst);
  lines.push('', findings.length === 0 ? 'No findings.' : 'Findings:');
  for (const finding of findings) {
    const where = finding.source ? ` (${sourceLabel(finding.source)})` : '';
    lines.push(`- [${finding.severity}] ${finding.kind} ${finding.layer ?? 'model'}${where}: ${finding.message}`);
  }
  return lines.join('\n');
}
