/**
 * The common shape of static findings: severity info, step 0, at the layer call, fixes as data; a message that
 * stands alone in a Problems row, and the why in `detail`.
 */
import type { LayerCall } from '../../source/layer-calls.ts';
import type { Finding, FindingKind, Fix } from '../../core/findings.ts';
import type { SourceLocation } from '../../core/events.ts';

export interface LintFindingParts {
  kind: Extract<FindingKind, `lint-${string}`>;
  message: string;
  detail?: string;
  evidence: Record<string, unknown>;
  fixes: Fix[];
  related?: Array<{ message: string; call: LayerCall }>;
}

export function lintFinding(fileName: string, call: LayerCall, parts: LintFindingParts): Finding {
  return {
    kind: parts.kind,
    severity: 'info',
    layer: call.name ?? null,
    source: locationOf(fileName, call),
    step: 0,
    message: parts.message,
    ...(parts.detail && { detail: parts.detail }),
    evidence: parts.evidence,
    fixes: parts.fixes,
    related: (parts.related ?? []).map(({ message, call: other }) => ({
      message,
      layer: other.name ?? null,
      source: locationOf(fileName, other),
    })),
  };
}

function locationOf(file: string, call: LayerCall): SourceLocation {
  return { file, line: call.line, column: call.column };
}
