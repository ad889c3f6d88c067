/** How a run ended, in the words every host shows. */
import type { RunOutcome } from './session.ts';

export function describeOutcome(outcome: Pick<RunOutcome, 'terminal' | 'state'>): string {
  const { terminal, state } = outcome;
  const steps = `${terminal.steps} step${terminal.steps === 1 ? '' : 's'}`;
  if (terminal.type === 'error') {
    const where = terminal.location ? ` (${terminal.location.file}:${terminal.location.line}:${terminal.location.column})` : '';
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
      return `The script called process.exit(${terminal.exitCode ?? ''}) after ${steps}${terminal.exitCode ? ', signalling failure' : ''}.`;
    default:
      return `Finished after ${steps}.`;
  }
}

/** The script itself failed: it threw, could not be compiled, died, or exited with a non-zero code. */
export function scriptFailed(outcome: Pick<RunOutcome, 'terminal'>): boolean {
  const { terminal } = outcome;
  return terminal.type === 'error' ? terminal.phase !== 'usage' : terminal.reason === 'exit' && (terminal.exitCode ?? 0) !== 0;
}
