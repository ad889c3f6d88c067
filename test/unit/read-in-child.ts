/**
 * Reads hostile workspace files in a child process with a time limit. A read of `/dev/zero` or a FIFO that
 * is not guarded blocks its thread for good (a FIFO's open() cannot even be interrupted), so the tests must
 * not do it in their own process: a regression then fails in seconds instead of hanging the suite.
 *
 * As a child (`node --import tsx read-in-child.ts OPERATION ARGUMENT…`) it does one operation and prints the
 * result as JSON.
 */
import { spawn } from 'node:child_process';

// Generous: on a loaded machine a child takes seconds just to load the TypeScript sources; a hang never ends.
const LIMIT_MS = 30_000;

const operations: Record<string, (...args: string[]) => Promise<unknown>> = {
  readRunLog: async (runDir: string) => {
    const { readRunLog } = await import('../../src/session/run-log.ts');
    const log = readRunLog(runDir);
    return { types: log.events.map((event) => event.type), notes: log.notes };
  },
  listRuns: async (root: string) => {
    const { listRuns } = await import('../../src/session/run-log.ts');
    return listRuns(root).map((run) => run.runId);
  },
  listRecordedRuns: async (folder: string) => {
    const { listRecordedRuns } = await import('../../extension/recorded-runs.ts');
    return listRecordedRuns([folder]).map((run) => ({ runId: run.runId, status: run.status.status }));
  },
  findRunDir: async (folder: string, runId: string) => {
    const { findRunDir } = await import('../../extension/recorded-runs.ts');
    return findRunDir([folder], runId) ?? null;
  },
  loadRecordedRun: async (runDir: string) => {
    const { loadRecordedRun } = await import('../../extension/recorded-runs.ts');
    const loaded = loadRecordedRun(runDir, {});
    return 'error' in loaded ? loaded : { events: loaded.events.length, notes: loaded.notes };
  },
  currentText: async (file: string) => {
    await import('./vscode-stub.ts');
    const { currentText } = await import('../../extension/diagnostics.ts');
    return currentText(file) ?? null;
  },
};

/** The operation's result, from a child that must finish within LIMIT_MS. */
export function readInChild(operation: string, ...args: string[]): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, operation, ...args]);
  const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL')
        reject(new Error(`${operation}(${args.join(', ')}) did not return within ${LIMIT_MS} ms`));
      else if (code !== 0) reject(new Error(`${operation}(${args.join(', ')}) failed:\n${stderr}`));
      else resolve(JSON.parse(stdout));
    }),
  );
}

if (require.main === module) {
  const [operation, ...args] = process.argv.slice(2);
  void operations[operation!]!(...args).then((result) => process.stdout.write(JSON.stringify(result)));
}
