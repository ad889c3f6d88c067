/**
 * Passes on what a run's session reports: events to the run (and through the display to diagnostics, status
 * bar and panel), the script's output and the run's notes to the "ActLens" log.
 */
import type { RunnerEvent } from '../src/core/events.ts';
import { backendLabel } from '../src/core/format.ts';
import type { SessionListeners } from '../src/session/session.ts';
import { LineBuffer } from './output-lines.ts';
import type { LiveRun, Log } from './run-controller.ts';
import type { RunDisplay } from './run-view.ts';

export class SessionRelay {
  /** Set once the session, and the run around it, exist: the session is given the listeners before. */
  run: LiveRun | undefined;
  readonly listeners: SessionListeners;
  private readonly stdout: LineBuffer;
  private readonly stderr: LineBuffer;

  constructor(log: Log, display: RunDisplay) {
    this.stdout = new LineBuffer((line) => log.info(`[script] ${line}`));
    this.stderr = new LineBuffer((line) => log.warn(`[script] ${line}`));
    this.listeners = {
      event: (event) => {
        const run = this.run;
        if (!run) return;
        run.display.push(event);
        logEvent(log, event);
        display.update(run);
      },
      output: (stream, chunk) => (stream === 'stdout' ? this.stdout : this.stderr).push(chunk),
      invalid: (reason) => log.warn(`Dropped a malformed event from the runner: ${reason}`),
    };
  }

  /** The script's last line may have no newline: it is logged when the run has ended. */
  flush(): void {
    this.stdout.flush();
    this.stderr.flush();
  }
}

function logEvent(log: Log, event: RunnerEvent): void {
  if (event.type === 'start') {
    log.info(
      `Training on ${backendLabel(event)} with tfjs ${event.tfjs.version} (${event.tfjs.source === 'user' ? 'your own' : "ActLens's bundled copy"}), seed ${event.seed}, statistics every ${event.every} steps.`,
    );
  } else if (event.type === 'note') {
    (event.level === 'warning' ? log.warn : log.info).call(log, event.message);
  } else if (event.type === 'error' && event.stack) {
    log.error(event.stack);
  }
}
