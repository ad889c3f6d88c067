/** How a run ended, in the words every host shows. */
import type { RunOutcome } from './session.ts';

export function describeOutcome(outcome: Pick<RunOutcome, 'terminal' | 'state'>): string {
  const { terminal, state } = outcome;
  const steps = `${terminal.steps} step${terminal.steps === 1 ? '' : 's'}`;
  if (terminal.type === 'error') {
    const where = terminal.location ? ` (${terminal.location.file}:${terminal.location.line}:${terminal.location.column})` : '';
    switch (terminal.phase) {
      case 'prepare':
        return `The script could not be compiled: ${terminal.message}`;
      case 'script':
        return `The training script failed after ${steps}: ${terminal.message}${where}`;
      case 'crash':
        return `${terminal.message} ${steps} were recorded; the log is intact.`;
      default:
        return terminal.message;
    }
  }
  if (terminal.steps === 0) {
    return state.layers.size === 0
      ? 'The script finished without building a tfjs model or taking a training step: nothing to diagnose.'
      : 'The script built a model but never took a training step (no fit, trainOnBatch or optimizer update ran).';
  }
  switch (terminal.reason) {
    case 'max-steps':
      return `Stopped after ${steps} (--max-steps).`;
    case 'stopped':
      return `Stopped by request after ${steps}.`;
    case 'exit':
      return `The script called process.exit(${terminal.exitCode ?? ''}) after ${steps}.`;
    default:
      return `Finished after ${steps}.`;
  }
}

/** The CLI's exit status for an outcome: 3 when the script failed, 1 for findings at warning or above, else 0. */
export function scriptFailed(outcome: Pick<RunOutcome, 'terminal'>): boolean {
  return outcome.terminal.type === 'error';
}
