/**
 * Folds a host message into the run it concerns: `init` starts a new run model, the others update the
 * current one — and are ignored when they name another run (a late batch from the run before a Re-run).
 */
import type { RunMessage } from '../src/core/webview-messages.ts';
import { RunModel } from './run-model.ts';

export function applyHostMessage(current: RunModel | null, message: RunMessage): RunModel | null {
  if (message.type === 'init') {
    const model = new RunModel(message.run.id, message.run.title, message.thresholds);
    model.applyAll(message.events);
    model.findings = message.findings;
    if (message.state) model.state = message.state;
    return model;
  }
  if (current?.runId !== message.runId) return current;
  switch (message.type) {
    case 'events':
      current.applyAll(message.events);
      break;
    case 'findings':
      current.findings = message.findings;
      break;
    case 'state':
      current.state = { status: message.status, message: message.message };
      break;
  }
  return current;
}
