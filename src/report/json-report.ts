/** The `--json` report of a finished run (its shape: src/core/json-report-schema.ts). */
import type { Finding } from '../core/findings.ts';
import type { JsonReport } from '../core/json-report-schema.ts';
import { diagnosed, evidenceGaps, exitCode, runStatus } from '../core/run-status.ts';
import type { RunOutcome } from '../session/session.ts';
import type { SuppressedFinding } from '../source/suppressions.ts';

/**
 * `outcome.findings` are those the report shows (after suppression comments); `suppressed` lists what comments
 * took out.
 */
export function buildJsonReport(
  outcome: RunOutcome,
  script: string,
  suppressed: readonly SuppressedFinding[] = [],
): JsonReport {
  const { state, terminal } = outcome;
  const { status, message } = runStatus(state, false);
  return {
    schemaVersion: 1,
    script,
    backend: state.start?.backend ?? null,
    adapter: state.start?.adapter ?? null,
    warmup: state.warmup && { steps: state.warmup.steps, ms: state.warmup.ms },
    overhead: state.overhead && {
      share: state.overheadShare,
      ownMs: Math.round(state.overhead.ownMs),
      trainingMs: Math.round(state.overhead.wallMs - state.overhead.ownMs),
      budget: state.start?.overheadBudget ?? null,
    },
    startupMs: state.start?.startupMs ?? null,
    steps: state.steps,
    seed: state.start?.seed ?? null,
    runDir: outcome.runDir,
    outcome: {
      status: terminal.type === 'end' && status !== 'failed' ? terminal.reason : 'failed',
      exitCode: exitCode(terminal, outcome.findings),
      message,
      location: terminal.type === 'error' ? terminal.location : null,
      diagnosed: diagnosed(state),
      evidenceGaps: evidenceGaps(state),
    },
    notes: state.notes,
    layers: state.orderedLayers().map(({ layer }) => ({
      name: layer.name,
      className: layer.className,
      activation: layer.activation,
      units: layer.units,
      source: layer.source,
    })),
    findings: outcome.findings satisfies Finding[],
    suppressed: [...suppressed],
  };
}
