/** Findings in the order the panel shows them, worst first, and grouped by the layer they concern. */
import { SEVERITIES, type Finding } from '../src/core/findings.ts';

/** Worst severity first, then the earliest established. */
export function worstFirst(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.step - b.step;
}

/** Findings by layer name, each list worst first: what a layer's status badge shows. Model-wide findings are left out. */
export function findingsByLayer(findings: readonly Finding[]): Map<string, Finding[]> {
  const byLayer = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.layer === null) continue;
    const list = byLayer.get(finding.layer) ?? [];
    list.push(finding);
    byLayer.set(finding.layer, list);
  }
  for (const list of byLayer.values()) list.sort(worstFirst);
  return byLayer;
}
