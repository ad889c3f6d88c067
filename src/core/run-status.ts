/**
 * How a run stands, decided once for every host: the CLI's exit code and summary line, the JSON report's
 * outcome, the HTML report's and the panel's header, VS Code's status bar and recorded-run picker all read it
 * from here, so a run that called `process.exit(1)` is "failed" everywhere.
 */
import { z } from 'zod';
import type { EndEvent, ErrorEvent } from './events.ts';
import { problemCount, type Finding } from './findings.ts';
import type { RunState } from './run-state.ts';

export const RUN_STATUS_KINDS = ['running', 'finished', 'stopped', 'failed'] as const;
export const RunStatusKindSchema = z.enum(RUN_STATUS_KINDS);
export type RunStatusKind = z.infer<typeof RunStatusKindSchema>;

/** How the run stands, in the words every host shows (e.g. "Stopped by request after 12 steps."). */
/** Room for any real message (a failure's text); bounded because the panel validates what a host sends it. */
const MAX_MESSAGE_LENGTH = 1_000_000;
export const RunStatusSchema = z.object({ status: RunStatusKindSchema, message: z.string().max(MAX_MESSAGE_LENGTH) });
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** The record a run's log ends with. */
export type TerminalEvent = EndEvent | ErrorEvent;

/** `actlens run`'s exit codes (the contract in DESIGN.md). */
export const EXIT = { ok: 0, findings: 1, usage: 2, scriptFailed: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What a run's status depends on: its terminal record, and whether it built layers and ran on a backend. */
export type StatusInput = Pick<RunState, 'terminal' | 'start' | 'steps' | 'layers'>;

/**
 * `live`: the training process is still running. A run that is not live and has no terminal record was
 * interrupted (its log was cut off).
 */
export function runStatus(state: StatusInput, live: boolean): RunStatus {
  const { terminal } = state;
  if (!terminal) {
    if (!live) return { status: 'stopped', message: 'The run has no end record: it was interrupted.' };
    if (!state.start) return { status: 'running', message: 'Starting the training script…' };
    return { status: 'running', message: `Training on ${state.start.backend}: step ${state.steps}.` };
  }
  const message = describeTerminal(terminal, state.layers.size);
  if (terminal.type === 'error' || scriptFailed(terminal)) return { status: 'failed', message };
  return { status: terminal.reason === 'stopped' ? 'stopped' : 'finished', message };
}

/** The script itself failed: it threw, could not be compiled, died, or exited with a non-zero code. */
export function scriptFailed(terminal: TerminalEvent): boolean {
  return terminal.type === 'error'
    ? terminal.phase !== 'usage'
    : terminal.reason === 'exit' && (terminal.exitCode ?? 0) !== 0;
}

/** What `actlens run` exits with for a finished run. */
export function exitCode(terminal: TerminalEvent, findings: readonly Finding[]): ExitCode {
  if (terminal.type === 'error' && terminal.phase === 'usage') return EXIT.usage;
  if (scriptFailed(terminal)) return EXIT.scriptFailed;
  return problemCount(findings) > 0 ? EXIT.findings : EXIT.ok;
}

function describeTerminal(terminal: TerminalEvent, layersBuilt: number): string {
  const steps = `${terminal.steps} step${terminal.steps === 1 ? '' : 's'}`;
  if (terminal.type === 'error') {
    const where = terminal.location
      ? ` (${terminal.location.file}:${terminal.location.line}:${terminal.location.column})`
      : '';
    switch (terminal.phase) {
      case 'prepare':
        return /Could not resolve/.test(terminal.message)
          ? `The script imports something that cannot be found: ${terminal.message}. Install the package next to the script (npm install) or fix the path.`
          : `The script could not be compiled: ${terminal.message}`;
      case 'script':
        return `The training script failed after ${steps}: ${terminal.message}${where}`;
      case 'crash':
        return `${terminal.message} ${steps} were recorded; the log is intact.`;
      default:
        return terminal.message;
    }
  }
  if (terminal.steps === 0) {
    return layersBuilt === 0
      ? 'The script finished without building a tfjs model or taking a training step: nothing to diagnose.'
      : 'The script built a model but never took a training step (no fit, trainOnBatch or optimizer update ran).';
  }
  switch (terminal.reason) {
    case 'max-steps':
      return `Stopped after ${steps} (--max-steps).`;
    case 'stopped':
      return `Stopped by request after ${steps}.`;
    case 'exit':
      return `The script called process.exit(${terminal.exitCode ?? ''}) after ${steps}${terminal.exitCode ? ', signalling failure' : ''}.`;
    default:
      return `Finished after ${steps}.`;
  }
}
