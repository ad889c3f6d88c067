/** Which findings concern which layer, worst first: what a layer's status badge shows. */
import type { Finding, Severity } from '../src/protocol/findings.ts';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings by layer name, each list sorted worst severity first (then earliest step). Model-wide findings are left out. */
export function findingsByLayer(findings: readonly Finding[]): Map<string, Finding[]> {
  const byLayer = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.layer === null) continue;
    const list = byLayer.get(finding.layer) ?? [];
    list.push(finding);
    byLayer.set(finding.layer, list);
  }
  for (const list of byLayer.values()) list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.step - b.step);
  return byLayer;
}
