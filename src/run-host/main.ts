/**
 * The run host: owns one run the editor started (detached-run.ts), so that the run outlives the editor's
 * window. It is a RunSession like `actlens run` without the terminal: the run's log, summary and owner record
 * go to the run's folder as always, the script's output to this process's stdout/stderr (files in that folder),
 * and SIGTERM (the editor's Stop) stops the run as Ctrl-C stops the CLI's.
 */
import { onStopSignals } from '../cli/stop-signals.ts';
import { RUN_REQUEST_ENV } from '../session/detached-run.ts';
import { RunSession, type RunRequest } from '../session/session.ts';

function main(): void {
  process.title = 'actlens-run-host';
  const text = process.env[RUN_REQUEST_ENV];
  delete process.env[RUN_REQUEST_ENV];
  let request: RunRequest;
  try {
    request = JSON.parse(text ?? '') as RunRequest;
  } catch {
    process.stderr.write(
      `The ActLens run host needs its run request in ${RUN_REQUEST_ENV}; it is started by the extension.\n`,
    );
    process.exit(2);
  }
  const session = new RunSession(request, { output: (stream, chunk) => process[stream].write(chunk) });
  onStopSignals(() => void session.stop());
  session.done.then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`ActLens could not complete the run: ${error.message}\n`);
      process.exit(4);
    },
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
