/**
 * The signals that end a command early: Ctrl-C (once or repeatedly), `kill`, and a closed terminal (SIGHUP).
 * Each stops the run the command owns instead of ending the CLI at once, which would leave the training
 * processes (process groups of their own) running, the log without its end and no report written.
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `stop` on every stop signal for the rest of the command: not only the first (a second Ctrl-C while
 * the run shuts down), and also once the run has ended (a late Ctrl-C must not cut the reports short or
 * turn the exit code into "killed"). The CLI exits when its reports are written.
 */
export function onStopSignals(stop: () => void): void {
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
}
