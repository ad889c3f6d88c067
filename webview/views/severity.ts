/** The codicon for each severity, as in VS Code's Problems panel. */
import type { Severity } from '../../src/core/findings.ts';

const SEVERITY_ICONS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

export function severityIcon(severity: Severity): string {
  return SEVERITY_ICONS[severity];
}
